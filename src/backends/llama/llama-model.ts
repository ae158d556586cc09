import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  getLlama,
  LlamaLogLevel,
  resolveChatWrapper,
  resolveModelFile,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel as NativeModel,
  type Token,
} from 'node-llama-cpp';
import type { Completion, CompletionLogprobs, FinishReason, GenerateOptions, LanguageModel, ModelCapabilities, Prompt } from '../../spec/model.js';
import { AbortedError, DisposedError, InvalidArgumentError } from '../../spec/errors/index.js';
import { readConfig } from '../../config/index.js';
import { issuesFromZod } from '../../util/zod-issues.js';
import { asCompleted } from '../as-completed.js';
import { resolveSampling, type ResolvedSampling } from '../generate-options.js';
import { llamaModelOptionsSchema, type LlamaModelOptions, type ResolvedLlamaModelOptions } from './llama-options.js';
import { modelLoadError } from './llama-error.js';
import { sequenceOrderBatching } from './batch-order.js';
import { SequencePool, sharedPrefixLength } from './sequence-pool.js';
import { serializeSampling } from './serial-sampling.js';
import { StopDetector } from './stop-detector.js';
import { defaultFlashAttention, defaultThreads } from './threads.js';

const runtimes = new Map<'auto' | false, Promise<Llama>>();

/**
 * A sequence missing fewer prompt tokens than this evaluates them itself; more, and it loads the shared state
 * (a state load costs about 3 ms on a 0.36 B model, as much as evaluating a few tokens).
 */
const STATE_LOAD_MIN_TOKENS = 8;
let stateFiles = 0;

/** A call's prompt prefix, evaluated once in one sequence and saved, for the call's other sequences to load. */
interface SharedPrefix {
  readonly tokens: readonly Token[];
  readonly file: string;
  /** Prompt tokens the leader evaluated to build it. */
  readonly evaluated: number;
}

/** One llama.cpp runtime per process and GPU choice; every model loads into it. A failed load is not kept. */
function loadRuntime(gpu: 'auto' | false): Promise<Llama> {
  let runtime = runtimes.get(gpu);
  if (!runtime) {
    runtime = getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
    runtimes.set(gpu, runtime);
    runtime.catch(() => runtimes.delete(gpu));
  }
  return runtime;
}

export interface LlamaModelStats {
  /** The most paths decoding at once in the last `generate` call (they share one batch per step). */
  readonly peakParallelPaths: number;
  /** Prompt tokens llama.cpp evaluated for the last `generate` call, all sequences together. */
  readonly promptTokensEvaluated: number;
  /** Tokens this model has generated since it was loaded, including those of paths cancelled before they ended. */
  readonly tokensGenerated: number;
  /** Batches llama.cpp decoded while the last `generate` call ran (a step of k paths together is one batch). */
  readonly decodeBatches: number;
}

/**
 * A GGUF model in this process through llama.cpp: one loaded model, one context whose sequences decode the
 * paths of a call together in one batch.
 */
export class LlamaModel implements LanguageModel {
  readonly provider = 'llama';
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  /** The thread count in use (the `auto` choice resolved). */
  readonly threads: number;
  readonly modelPath: string;
  readonly #model: NativeModel;
  readonly #context: LlamaContext;
  readonly #pool: SequencePool;
  readonly #prefixSharing: boolean;
  readonly #running = new Set<AbortController>();
  /** Decode batches dispatched on the context so far (counted by its batching strategy). */
  readonly #batches: { readonly count: number };
  /** Paths decoding now: dispose waits for them before it frees the native context. */
  readonly #paths = new Set<Promise<unknown>>();
  #disposed = false;

  private constructor(
    modelPath: string,
    model: NativeModel,
    context: LlamaContext,
    options: ResolvedLlamaModelOptions,
    threads: number,
    batches: { readonly count: number },
  ) {
    this.modelPath = modelPath;
    this.#batches = batches;
    this.modelId = basename(modelPath).replace(/\.gguf$/i, '');
    this.#model = model;
    this.#context = context;
    this.threads = threads;
    this.#pool = new SequencePool(context, options.sequences);
    this.#prefixSharing = options.prefixSharing;
    this.capabilities = {
      logprobs: true,
      maxParallelSequences: options.sequences,
      contextSize: context.contextSize,
      nativeMultiSample: true,
    };
  }

  /** Loads a GGUF from a path, or from an `hf:` URI through node-llama-cpp's resolver (downloads once; needs internet). */
  static async load(options: LlamaModelOptions): Promise<LlamaModel> {
    const parsed = llamaModelOptionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new InvalidArgumentError(issuesFromZod(parsed.error.issues));
    }
    const resolved = parsed.data;
    const config = readConfig();
    const modelPath = await resolveModelPath(resolved.model, resolved.modelsDir ?? config.modelsDir);
    const llama = await loadRuntime(resolved.gpu ?? config.gpu);
    let model: NativeModel;
    try {
      model = await llama.loadModel({ modelPath });
    } catch (error) {
      throw modelLoadError(resolved.model, error);
    }
    const threads = resolved.threads === 'auto' ? (config.threads === 'auto' ? defaultThreads(model.size) : config.threads) : resolved.threads;
    const flashAttention = resolved.flashAttention === 'auto' ? defaultFlashAttention(model.size) : resolved.flashAttention;
    try {
      // The batching strategy reads the context's queue; the context exists only once createContext returns.
      const created: { context?: LlamaContext } = {};
      const batches = { count: 0 };
      const context = await model.createContext({
        ...(flashAttention === undefined ? {} : { flashAttention }),
        batching: { itemPrioritizationStrategy: sequenceOrderBatching(() => created.context, () => batches.count++) },
        sequences: resolved.sequences,
        contextSize: Math.min(resolved.contextSize, model.trainContextSize),
        threads,
        ...(resolved.batchSize === undefined ? {} : { batchSize: resolved.batchSize }),
      });
      created.context = context;
      serializeSampling(context);
      return new LlamaModel(modelPath, model, context, resolved, threads, batches);
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  #stats: LlamaModelStats = { peakParallelPaths: 0, promptTokensEvaluated: 0, tokensGenerated: 0, decodeBatches: 0 };
  #tokensGenerated = 0;
  get stats(): LlamaModelStats {
    return { ...this.#stats, tokensGenerated: this.#tokensGenerated };
  }

  /** The token ids of a prompt as this model reads it, BOS first. */
  tokenize(prompt: Prompt): Token[] {
    this.#assertLive();
    return this.#promptTokens(prompt).tokens;
  }

  /** The text of token ids (special tokens left out). */
  detokenize(tokens: readonly Token[] | readonly number[]): string {
    this.#assertLive();
    return this.#model.detokenize(tokens as readonly Token[], false);
  }

  async *generate(options: GenerateOptions): AsyncIterable<Completion> {
    this.#assertLive();
    if (options.signal?.aborted) throw new AbortedError('llama generate', { cause: options.signal.reason });
    const sampling = resolveSampling(options);
    const { tokens: promptTokens, extraStops } = this.#promptTokens(options.prompt);
    const needed = promptTokens.length + sampling.maxTokens;
    if (needed > this.#context.contextSize) {
      throw new InvalidArgumentError([
        { path: ['prompt'], message: `${promptTokens.length} prompt tokens + maxTokens ${sampling.maxTokens} exceed the context of ${this.#context.contextSize} tokens` },
      ]);
    }
    const stops = new StopDetector([...sampling.stop, ...extraStops]);
    const controller = new AbortController();
    this.#running.add(controller);
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    this.#pool.resetPeak();
    const batchesBefore = this.#batches.count;
    let evaluated = 0;
    let shared: SharedPrefix | undefined;
    try {
      const prefix = promptTokens.slice(0, -1);
      // Sharing pays when some sequence would otherwise evaluate a good part of the prefix itself.
      if (this.#prefixSharing && sampling.samples > 1 && this.#pool.someFreeLack(prefix, STATE_LOAD_MIN_TOKENS)) {
        shared = await this.#sharePrefix(prefix, signal);
        evaluated += shared.evaluated;
      }
      const sharedPrefix = shared;
      const tasks = Array.from({ length: sampling.samples }, (_, index) => (taskSignal: AbortSignal) => {
        const path = this.#samplePath(index, promptTokens, sampling, stops, AbortSignal.any([signal, taskSignal]), options.onTextDelta, sharedPrefix);
        this.#paths.add(path);
        void path.finally(() => this.#paths.delete(path)).catch(() => undefined);
        return path;
      });
      let first = true;
      for await (const completion of asCompleted(tasks, signal)) {
        evaluated += completion.inputTokens;
        // The shared prefix's tokens are billed once, to the first completion out.
        yield first && shared !== undefined ? { ...completion, inputTokens: completion.inputTokens + shared.evaluated } : completion;
        first = false;
      }
    } catch (error) {
      if (signal.aborted) throw new AbortedError('llama generate', { cause: signal.reason });
      throw error;
    } finally {
      this.#stats = {
        peakParallelPaths: this.#pool.peakInUse,
        promptTokensEvaluated: evaluated,
        tokensGenerated: this.#tokensGenerated,
        decodeBatches: this.#batches.count - batchesBefore,
      };
      this.#running.delete(controller);
      if (shared !== undefined) await rm(shared.file, { force: true });
    }
  }

  /**
   * Evaluates the prefix once, in the sequence that already holds most of it, and saves that sequence's state for
   * the call's other sequences: k paths cost one prefix evaluation instead of k.
   */
  async #sharePrefix(prefix: readonly Token[], signal: AbortSignal): Promise<SharedPrefix> {
    const leader = await this.#pool.acquire(signal, prefix);
    try {
      await leader.adaptStateToTokens(prefix as Token[], false);
      const missing = prefix.slice(leader.nextTokenIndex) as Token[];
      if (missing.length > 0) await leader.evaluateWithoutGeneratingNewTokens(missing);
      if (signal.aborted) throw new AbortedError('llama generate', { cause: signal.reason });
      const file = join(tmpdir(), `concord-prefix-${process.pid}-${++stateFiles}.bin`);
      await leader.saveStateToFile(file);
      return { tokens: prefix, file, evaluated: missing.length };
    } finally {
      this.#pool.release(leader);
    }
  }

  async #samplePath(
    index: number,
    promptTokens: readonly Token[],
    sampling: ResolvedSampling,
    stops: StopDetector,
    signal: AbortSignal,
    onTextDelta: GenerateOptions['onTextDelta'],
    shared: SharedPrefix | undefined,
  ): Promise<Completion> {
    const sequence = await this.#pool.acquire(signal, promptTokens);
    try {
      if (signal.aborted) throw new AbortedError('llama generate', { cause: signal.reason });
      if (shared !== undefined && shared.tokens.length - sharedPrefixLength(sequence.contextTokens, shared.tokens) >= STATE_LOAD_MIN_TOKENS) {
        await sequence.loadStateFromFile(shared.file, { acceptRisk: true });
      }
      // Keep whatever prefix this sequence already holds (e.g. the same few-shot exemplars from the last call).
      await sequence.adaptStateToTokens(promptTokens.slice(0, -1) as Token[], false);
      const toEvaluate = promptTokens.slice(sequence.nextTokenIndex) as Token[];
      const inputTokens = toEvaluate.length;
      const generated: Token[] = [];
      const context = promptTokens.slice(-8);
      let text = '';
      // Set while the text ends inside a UTF-8 character split over byte tokens: it is then decoded whole.
      let partialCharacter = false;
      let streamed = 0;
      let finishReason: FinishReason = { unified: 'stop', raw: 'eos' };
      const iterator = sequence.evaluate(toEvaluate, {
        temperature: sampling.temperature,
        topK: sampling.topK,
        topP: sampling.topP,
        minP: 0,
        seed: sampling.seed + index,
      });
      for await (const token of iterator) {
        if (signal.aborted) break;
        this.#tokensGenerated++;
        generated.push(token);
        const previousLength = text.length;
        // One token's piece (with the tokens before it, for SPM's leading space) instead of the whole text again:
        // per-token JavaScript is most of a small model's step. A piece that ends inside a UTF-8 character (byte
        // tokens) comes out with U+FFFD; then the text is decoded whole.
        const piece = this.#model.detokenize([token], false, generated.length > 1 ? [generated[generated.length - 2] as Token] : context);
        if (piece.includes('\uFFFD') || partialCharacter) {
          text = this.#model.detokenize(generated, false, context);
          partialCharacter = text.includes('\uFFFD');
        } else {
          text += piece;
        }
        const stopAt = stops.find(text, previousLength);
        if (stopAt >= 0) {
          text = text.slice(0, stopAt);
          // Tokens that lie wholly in the stop string are not part of the completion: not counted, not scored.
          while (generated.length > 1 && this.#model.detokenize(generated.slice(0, -1), false, context).length >= stopAt) generated.pop();
          finishReason = { unified: 'stop', raw: 'stop-sequence' };
          break;
        }
        if (onTextDelta) {
          const safe = stops.safeLength(text);
          if (safe > streamed) {
            onTextDelta(index, text.slice(streamed, safe));
            streamed = safe;
          }
        }
        if (generated.length >= sampling.maxTokens) {
          finishReason = { unified: 'length', raw: 'max-tokens' };
          break;
        }
      }
      if (signal.aborted) throw new AbortedError('llama generate', { cause: signal.reason });
      if (onTextDelta && text.length > streamed) onTextDelta(index, text.slice(streamed));
      const logprobs = sampling.logprobs ? await this.#scoreTokens(sequence, promptTokens, generated) : undefined;
      return {
        index,
        text,
        outputTokens: generated.length,
        inputTokens,
        finishReason,
        warnings: [],
        ...(logprobs ? { logprobs } : {}),
      };
    } finally {
      this.#pool.release(sequence);
    }
  }

  /**
   * The model's own log-probability of each sampled token. The probabilities llama.cpp reports while sampling are
   * taken after temperature and top-k, so the path is re-scored once with the untempered distribution
   * (temperature 1, no truncation): one batched prefill of the generated tokens.
   */
  async #scoreTokens(sequence: LlamaContextSequence, promptTokens: readonly Token[], generated: readonly Token[]): Promise<CompletionLogprobs> {
    if (generated.length === 0) return { tokens: [], sum: 0, mean: 0 };
    await sequence.eraseContextTokenRanges([{ start: promptTokens.length - 1, end: sequence.nextTokenIndex }]);
    const inputs = [promptTokens.at(-1) as Token, ...generated.slice(0, -1)];
    const results = await sequence.controlledEvaluate(
      inputs.map((token) => [token, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } }] as const),
    );
    const tokens = generated.map((token, i) => {
      const probability = results[i]?.next.probabilities?.get(token);
      // Every token has a probability under the untempered distribution; a gap would be a llama.cpp fault.
      if (probability === undefined || !(probability > 0)) throw new Error(`llama.cpp reported no probability for sampled token ${token}`);
      return { token: this.#model.detokenize([token], false, i === 0 ? promptTokens.slice(-8) : generated.slice(Math.max(0, i - 8), i)), logprob: Math.log(probability) };
    });
    const sum = tokens.reduce((total, t) => total + t.logprob, 0);
    return { tokens, sum, mean: sum / tokens.length };
  }

  #promptTokens(prompt: Prompt): { tokens: Token[]; extraStops: string[] } {
    const bos = this.#model.tokens.bos;
    if (typeof prompt === 'string') {
      const tokens = this.#model.tokenize(prompt, false);
      return { tokens: bos === null ? tokens : [bos, ...tokens], extraStops: [] };
    }
    // Chat messages go through the model's own chat template (node-llama-cpp picks the wrapper from the GGUF).
    const wrapper = resolveChatWrapper(this.#model);
    const chatHistory = prompt.map((m) =>
      m.role === 'assistant' ? { type: 'model' as const, response: [m.content] } : { type: m.role, text: m.content },
    );
    if (prompt.at(-1)?.role !== 'assistant') chatHistory.push({ type: 'model', response: [] });
    const state = wrapper.generateContextState({ chatHistory });
    const extraStops = state.stopGenerationTriggers.map((trigger) => trigger.toString()).filter((s) => s.length > 0);
    return { tokens: state.contextText.tokenize(this.#model.tokenizer), extraStops };
  }

  #assertLive(): void {
    if (this.#disposed) throw new DisposedError(`LlamaModel ${this.modelId}`);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const controller of this.#running) controller.abort(new DisposedError(`LlamaModel ${this.modelId}`));
    // Native memory goes only after every path has stopped decoding into it.
    await Promise.allSettled([...this.#paths]);
    await this.#context.dispose();
    await this.#model.dispose();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

async function resolveModelPath(model: string, modelsDir: string): Promise<string> {
  if (model.startsWith('hf:') || /^https?:\/\//.test(model)) {
    try {
      return await resolveModelFile(model, { directory: modelsDir, cli: false });
    } catch (error) {
      throw modelLoadError(model, error);
    }
  }
  if (!existsSync(model)) throw modelLoadError(model, new Error('ENOENT: file not found'));
  return model;
}
