/**
 * A LanguageModel behind any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, hosted APIs).
 * `samples = k` is one request with `n = k` where the server honours it, else k concurrent single requests.
 */
import type { Completion, GenerateOptions, LanguageModel, ModelCapabilities } from '../../spec/model.js';
import { AbortedError, BackendCallError, DisposedError, InvalidArgumentError } from '../../spec/errors/index.js';
import { withRetries } from '../retry.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { resolveCall, type ResolvedCall } from './openai-call.js';
import { isRetryableOpenAIError, malformedBodyError, type RequestTarget } from './openai-error.js';
import { requestJSON } from './openai-http.js';
import {
  resolveOpenAIModelOptions,
  openAIModelOptionsSchema,
  zodIssues,
  readOpenAIApiKeyFromEnv,
  type OpenAIModelOptions,
  type ResolvedOpenAIModelOptions,
} from './openai-options.js';
import {
  ENDPOINT_PATHS,
  modelListSchema,
  parseResponse,
  requestBody,
  toCompletions,
  type WireRequest,
  type WireResponse,
} from './openai-wire.js';

/** One HTTP request of a call: which of the call's samples its choices become. */
interface PlannedRequest {
  readonly wire: WireRequest;
  readonly indices: readonly number[];
  /** Put on every completion the request yields. */
  readonly warnings: readonly string[];
}

type Outcome =
  | { readonly id: number; readonly request: PlannedRequest; readonly response: WireResponse }
  | { readonly id: number; readonly request: PlannedRequest; readonly error: unknown };

export interface OpenAIServerModel {
  readonly id: string;
  readonly ownedBy: string | undefined;
}

export interface ListModelsOptions {
  readonly baseURL: string;
  /** @default the environment's CONCORD_OPENAI_API_KEY, else OPENAI_API_KEY */
  readonly apiKey?: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
}

export class OpenAIModel implements LanguageModel {
  readonly provider = 'openai';
  readonly modelId: string;
  /** Without trailing slash, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseURL: string;
  #options: ResolvedOpenAIModelOptions;
  #limiter: ConcurrencyLimiter;
  /**
   * One controller per running call, aborted by dispose. Not one long-lived signal fed to AbortSignal.any: that
   * leaks a dependant signal per call on some Node versions (nodejs/node#55351).
   */
  #calls = new Set<AbortController>();
  #disposed = false;
  /** Learned under nativeN 'auto': false once a response had fewer choices than `n` asked for. */
  #honoursN: boolean | undefined;

  constructor(options: OpenAIModelOptions) {
    this.#options = resolveOpenAIModelOptions(options);
    this.modelId = this.#options.modelId;
    this.baseURL = this.#options.baseURL;
    this.#limiter = new ConcurrencyLimiter(this.#options.maxConcurrentRequests);
  }

  get capabilities(): ModelCapabilities {
    return {
      logprobs: this.#options.supportsLogprobs,
      maxParallelSequences: this.#options.maxConcurrentRequests,
      contextSize: this.#options.contextSize,
      nativeMultiSample: this.#options.nativeN !== 'never' && this.#honoursN !== false,
    };
  }

  /** Whether the server has honoured `n`: undefined until a multi-sample call has been answered. */
  get honoursN(): boolean | undefined {
    return this.#honoursN;
  }

  /** Lists the models the server serves (`GET /v1/models`); one attempt, no retries. */
  static async listModels(options: ListModelsOptions): Promise<OpenAIServerModel[]> {
    const parsed = openAIModelOptionsSchema.pick({ baseURL: true, apiKey: true, timeoutMs: true, headers: true }).safeParse(withoutSignal(options));
    if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error.issues, 'OpenAIModel.listModels'));
    const target: RequestTarget = { method: 'GET', url: `${parsed.data.baseURL.replace(/\/+$/, '')}/models` };
    const json = await requestJSON({
      target,
      headers: headersFor(parsed.data.apiKey ?? readOpenAIApiKeyFromEnv(), parsed.data.headers),
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    const list = modelListSchema.safeParse(json);
    if (!list.success) throw malformedBodyError(target, list.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return list.data.data.map((m) => ({ id: m.id, ownedBy: m.owned_by }));
  }

  async *generate(options: GenerateOptions): AsyncGenerator<Completion, void, undefined> {
    if (this.#disposed) throw new DisposedError(this.#what());
    const call = resolveCall(options, this.#options.endpoint);
    const callerSignal = options.signal;
    if (callerSignal?.aborted) throw new AbortedError(`${this.#what()}.generate`, { cause: callerSignal.reason });
    // `local` stops this call's requests on dispose, when the consumer stops early, or when one fails for good.
    const local = new AbortController();
    this.#calls.add(local);
    const signal = callerSignal ? AbortSignal.any([local.signal, callerSignal]) : local.signal;
    const pending = new Map<number, Promise<Outcome>>();
    let nextId = 0;
    const launch = (request: PlannedRequest): void => {
      const id = nextId++;
      pending.set(
        id,
        this.#send(request, signal).then(
          (response): Outcome => ({ id, request, response }),
          (error: unknown): Outcome => ({ id, request, error }),
        ),
      );
    };
    try {
      this.#plan(call, range(call.samples), true).forEach(launch);
      while (pending.size > 0) {
        const outcome = await Promise.race(pending.values());
        pending.delete(outcome.id);
        if ('error' in outcome) throw this.#callError(outcome.error, callerSignal);
        const completions = this.#completionsOf(outcome, call);
        if (completions.length === 0) {
          throw new BackendCallError(`${this.#what()}: a response had no choice with an index it was asked for`, {
            url: `${this.baseURL}${ENDPOINT_PATHS[call.endpoint]}`,
            isRetryable: false,
          });
        }
        const missing = outcome.request.indices.filter((i) => !completions.some((c) => c.index === i));
        if (missing.length > 0) {
          const note = `sampled with its own request: the server ignored n=${outcome.request.indices.length}`;
          this.#plan(call, missing, false, [note]).forEach(launch);
        }
        for (const completion of completions) {
          // No streaming here: the whole text is one delta, so consumers of deltas still see every path.
          options.onTextDelta?.(completion.index, completion.text);
          yield completion;
        }
      }
    } finally {
      this.#calls.delete(local);
      if (pending.size > 0) {
        local.abort(new AbortedError(`${this.#what()}.generate (stopped before every request finished)`));
        // Aborted requests settle at once; waiting means no socket or request slot outlives the call.
        await Promise.allSettled(pending.values());
      }
    }
  }

  /** Aborts every request in flight; later calls of generate throw DisposedError. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const reason = new DisposedError(this.#what());
    for (const call of this.#calls) call.abort(reason);
    this.#calls.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** Maps one response to completions, and learns from (and reports) a server that returned fewer than `n`. */
  #completionsOf(outcome: Extract<Outcome, { response: WireResponse }>, call: ResolvedCall): Completion[] {
    const { request, response } = outcome;
    const options = { indices: request.indices, maxTokens: call.maxTokens, logprobsAsked: call.logprobs, warnings: request.warnings };
    const completions = toCompletions(response, options);
    const asked = request.indices.length;
    if (asked === 1) return completions;
    if (completions.length === asked) {
      this.#honoursN ??= true;
      return completions;
    }
    if (this.#options.nativeN === 'auto') this.#honoursN = false;
    const note =
      `the server returned ${completions.length} of the ${asked} choices asked for with n; ` +
      `the other ${asked - completions.length} were sampled with single requests`;
    return completions.map((c) => ({ ...c, warnings: [...c.warnings, note] }));
  }

  /** One request with n = all indices where allowed and useful; otherwise one request per index, seeded seed + index. */
  #plan(call: ResolvedCall, indices: readonly number[], allowN: boolean, warnings: readonly string[] = []): PlannedRequest[] {
    const base: Omit<WireRequest, 'n' | 'seed'> = {
      endpoint: call.endpoint,
      model: this.modelId,
      prompt: call.prompt,
      temperature: call.temperature,
      topK: call.topK,
      topP: call.topP,
      maxTokens: call.maxTokens,
      stop: call.stop,
      logprobs: call.logprobs,
    };
    const nativeN = this.#options.nativeN;
    const useN = allowN && indices.length > 1 && (nativeN === 'always' || (nativeN === 'auto' && this.#honoursN !== false));
    if (useN) return [{ wire: { ...base, n: indices.length, seed: call.seed }, indices, warnings }];
    return indices.map((index) => ({
      wire: { ...base, n: 1, seed: call.seed === undefined ? undefined : call.seed + index },
      indices: [index],
      warnings,
    }));
  }

  /** One request with retries; a concurrency slot is held per attempt, not during back-off. */
  async #send(request: PlannedRequest, signal: AbortSignal): Promise<WireResponse> {
    const target: RequestTarget = { method: 'POST', url: `${this.baseURL}${ENDPOINT_PATHS[request.wire.endpoint]}` };
    const body = requestBody(request.wire);
    let attempts = 0;
    try {
      return await withRetries(
        async () => {
          attempts++;
          const release = await this.#limiter.acquire(signal);
          try {
            const json = await requestJSON({
              target,
              headers: headersFor(this.#options.apiKey, this.#options.headers),
              body,
              signal,
              timeoutMs: this.#options.timeoutMs,
              modelId: this.modelId,
            });
            const parsed = parseResponse(request.wire.endpoint, json);
            if (!parsed.ok) throw malformedBodyError(target, parsed.problem);
            if (parsed.value.choices.length === 0) throw malformedBodyError(target, 'choices is empty');
            return parsed.value;
          } finally {
            release();
          }
        },
        {
          maxRetries: this.#options.maxRetries,
          signal,
          baseDelayMs: this.#options.retryBaseDelayMs,
          maxDelayMs: this.#options.retryMaxDelayMs,
          maxRetryAfterMs: this.#options.maxRetryAfterMs,
          isRetryable: isRetryableOpenAIError,
          operation: `POST ${target.url}`,
        },
      );
    } catch (error) {
      if (attempts > 1 && error instanceof BackendCallError) {
        const { status, isRetryable, retryAfterSeconds, url } = error;
        throw new BackendCallError(`${error.message} (gave up after ${attempts} attempts)`, {
          ...(status === undefined ? {} : { status }),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          ...(url === undefined ? {} : { url }),
          isRetryable,
          cause: error,
        });
      }
      throw error;
    }
  }

  /** The caller's abort wins, then our dispose; anything else is the request's own failure. */
  #callError(error: unknown, callerSignal: AbortSignal | undefined): unknown {
    if (callerSignal?.aborted) return new AbortedError(`${this.#what()}.generate`, { cause: callerSignal.reason });
    if (this.#disposed) return new DisposedError(this.#what());
    return error;
  }

  #what(): string {
    return `OpenAIModel(${this.modelId} at ${this.baseURL})`;
  }
}

function headersFor(apiKey: string | undefined, extra: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...extra };
  if (apiKey !== undefined) headers['authorization'] = `Bearer ${apiKey}`;
  return headers;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** The signal is not data: it stays out of the strict schema's way. */
function withoutSignal<T extends { readonly signal?: AbortSignal | undefined }>(options: T): Omit<T, 'signal'> {
  const { signal: _signal, ...rest } = options;
  return rest;
}
