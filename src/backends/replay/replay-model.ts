/**
 * A LanguageModel that plays recorded generations back (provider `replay`), for evaluating voting and stopping
 * rules, and testing strategies end to end, without a model.
 *
 * Which record: the prompt's question is the text of its last `Q: …\nA:` block (a line starting `Q:`, up to the
 * next line starting `A:`), for chat prompts read from the last user message (its whole text when it has no such
 * block); a text prompt without one is its own question. `ids` is consulted first (by question, then by whole
 * prompt), then the records' `question` fields; whitespace runs compare as one space.
 * What it serves: each call takes the record's next `samples` recorded samples, in recorded order; a second call
 * for the same question continues where the first stopped (`reset()` starts over); a call takes its samples when it
 * starts, even if its consumer stops early. Asking for more than remain is a
 * BackendCallError naming the question; a prompt that matches no record is an InvalidArgumentError.
 * Sampling settings (temperature, seed, top-k/p) cannot change a recording and are ignored. `stop` cuts a text
 * before the first stop string and `maxTokens` cuts it to that many tokens; a cut completion's token count and
 * log-probability are then estimated in proportion (and a warning says so).
 * Tokens: a sample's recorded `tokens`, else its whitespace-separated pieces. Log-probabilities: where recorded,
 * `logprobs.sum` is the recorded sum and `mean` = sum / tokens; `logprobs.tokens` is empty, as a recording keeps no
 * per-token values. `capabilities.logprobs` is true when every sample has one.
 * Suited to one-call strategies (direct, chain-of-thought, self-consistency). A two-call strategy (zero-shot-cot)
 * would have its answer call, which repeats the question, served the question's next sample: score such recordings
 * offline (src/eval/score.ts) instead.
 */
import type { ChatMessage, Completion, FinishReason, GenerateOptions, LanguageModel, ModelCapabilities, Prompt } from '../../spec/model.js';
import { AbortedError, BackendCallError, DisposedError, InvalidArgumentError } from '../../spec/errors/index.js';
import { resolveSampling } from '../generate-options.js';
import { sleep } from '../retry.js';
import { readRecorded, type RecordedQuestion, type RecordedSample } from './replay-format.js';
import { resolveReplayModelOptions, type ReplayModelOptions, type ResolvedReplayModelOptions } from './replay-options.js';

export class ReplayModel implements LanguageModel {
  readonly provider = 'replay';
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  #options: ResolvedReplayModelOptions;
  #byId = new Map<string, RecordedQuestion>();
  #byQuestion = new Map<string, RecordedQuestion>();
  #ids = new Map<string, string>();
  /** Samples already served, per record id. */
  #served = new Map<string, number>();
  #calls = new Set<AbortController>();
  #disposed = false;

  constructor(options: ReplayModelOptions) {
    this.#options = resolveReplayModelOptions(options);
    this.modelId = this.#options.modelId;
    for (const record of this.#options.records) {
      this.#byId.set(record.id, record);
      if (record.question !== undefined) this.#byQuestion.set(squash(record.question), record);
    }
    for (const [key, id] of Object.entries(this.#options.ids)) this.#ids.set(squash(key), id);
    const logprobs = this.#options.records.every((r) => r.samples.every((s) => s.logprob !== undefined));
    this.capabilities = { logprobs, maxParallelSequences: 64, contextSize: undefined, nativeMultiSample: true };
  }

  /** A model over a recorded JSONL file; `modelId` defaults to the file's name. */
  static async fromFile(file: string, options: Omit<ReplayModelOptions, 'records'> = {}): Promise<ReplayModel> {
    const records = await readRecorded(file);
    return new ReplayModel({ modelId: file.split(/[\\/]/).at(-1) ?? file, ...options, records });
  }

  /** Forgets what was served: the next call for each question starts again at its first sample. */
  reset(): void {
    this.#served.clear();
  }

  /** Samples still to serve for a record id (undefined for an unknown id). */
  remaining(id: string): number | undefined {
    const record = this.#byId.get(id);
    return record === undefined ? undefined : record.samples.length - (this.#served.get(id) ?? 0);
  }

  async *generate(options: GenerateOptions): AsyncGenerator<Completion, void, undefined> {
    if (this.#disposed) throw new DisposedError('ReplayModel');
    const sampling = resolveSampling(options);
    const callerSignal = options.signal;
    if (callerSignal?.aborted) throw new AbortedError('ReplayModel.generate', { cause: callerSignal.reason });
    const { record, question } = this.#find(options.prompt);
    const start = this.#served.get(record.id) ?? 0;
    if (start + sampling.samples > record.samples.length) {
      throw new BackendCallError(
        `ReplayModel: question ${JSON.stringify(abbreviate(question))} (record ${record.id}) has ${record.samples.length} recorded ` +
          `samples, ${start} already served; ${sampling.samples} more asked`,
        { isRetryable: false },
      );
    }
    this.#served.set(record.id, start + sampling.samples);
    const local = new AbortController();
    this.#calls.add(local);
    const signal = callerSignal ? AbortSignal.any([local.signal, callerSignal]) : local.signal;
    try {
      for (let index = 0; index < sampling.samples; index++) {
        if (this.#options.delayMs > 0) await sleep(this.#options.delayMs, signal).catch((error: unknown) => this.#aborted(error instanceof AbortedError ? error.cause : error));
        if (signal.aborted) this.#aborted(signal.reason);
        const sample = record.samples[start + index] as RecordedSample;
        const completion = play(sample, index, sampling.stop, sampling.maxTokens, sampling.logprobs);
        const inputTokens = index === 0 ? pieces(promptText(options.prompt)).length : 0;
        options.onTextDelta?.(index, completion.text);
        yield { ...completion, inputTokens };
      }
    } finally {
      this.#calls.delete(local);
    }
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const call of this.#calls) call.abort(new DisposedError('ReplayModel'));
    this.#calls.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  #aborted(cause: unknown): never {
    if (this.#disposed) throw new DisposedError('ReplayModel');
    throw new AbortedError('ReplayModel.generate', { cause });
  }

  #find(prompt: Prompt): { record: RecordedQuestion; question: string } {
    const whole = squash(promptText(prompt));
    const question = squash(questionOf(prompt));
    const id = this.#ids.get(question) ?? this.#ids.get(whole);
    const record = id === undefined ? this.#byQuestion.get(question) : this.#byId.get(id);
    if (record === undefined) {
      throw new InvalidArgumentError([
        { path: ['prompt'], message: `no recorded question matches ${JSON.stringify(abbreviate(question))}; give its id in the ReplayModel's ids option` },
      ]);
    }
    return { record, question };
  }
}

/** One recorded sample as a completion, cut by the stop strings and maxTokens. */
function play(sample: RecordedSample, index: number, stop: readonly string[], maxTokens: number, logprobsAsked: boolean): Omit<Completion, 'inputTokens'> {
  const warnings: string[] = [];
  const full = sample.tokens ?? pieces(sample.text).length;
  let text = sample.text;
  let tokens = full;
  let finishReason: FinishReason = { unified: 'stop', raw: 'recorded' };
  const cut = firstStop(text, stop);
  if (cut !== -1) {
    text = text.slice(0, cut);
    tokens = sample.tokens === undefined ? pieces(text).length : Math.round((full * cut) / Math.max(1, sample.text.length));
    finishReason = { unified: 'stop', raw: 'stop-sequence' };
  }
  if (tokens > maxTokens) {
    const parts = pieces(text);
    const keep = sample.tokens === undefined ? maxTokens : Math.floor((parts.length * maxTokens) / tokens);
    text = parts.slice(0, keep).join('');
    tokens = maxTokens;
    finishReason = { unified: 'length', raw: 'max-tokens' };
  }
  if (tokens !== full && (sample.tokens !== undefined || sample.logprob !== undefined)) {
    warnings.push(`recorded sample cut by ${finishReason.unified === 'length' ? 'maxTokens' : 'a stop string'}: its token count and log-probability are estimated in proportion`);
  }
  let logprobs: Completion['logprobs'];
  if (logprobsAsked) {
    if (sample.logprob === undefined) warnings.push('logprobs were asked for, but the recording has none for this sample');
    else {
      const sum = full === 0 ? sample.logprob : (sample.logprob * tokens) / full;
      logprobs = { tokens: [], sum, mean: tokens === 0 ? 0 : sum / tokens };
    }
  }
  return { index, text, outputTokens: tokens, finishReason, warnings, ...(logprobs === undefined ? {} : { logprobs }) };
}

/** Whitespace-led pieces: `" The answer is 5."` → `[" The", " answer", " is", " 5."]`; trailing whitespace joins the last. */
export function pieces(text: string): string[] {
  const parts = text.match(/\s*\S+/gu) ?? [];
  const tail = text.slice(parts.join('').length);
  if (tail !== '' && parts.length > 0) parts[parts.length - 1] += tail;
  return parts;
}

function firstStop(text: string, stop: readonly string[]): number {
  let first = -1;
  for (const s of stop) {
    if (s === '') continue;
    const at = text.indexOf(s);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

function promptText(prompt: Prompt): string {
  return typeof prompt === 'string' ? prompt : prompt.map((m) => m.content).join('\n');
}

/** The question a prompt asks: its last `Q: …\nA:` block; see the module comment. */
export function questionOf(prompt: Prompt): string {
  const text = typeof prompt === 'string' ? prompt : (lastUser(prompt)?.content ?? '');
  const start = Math.max(text.startsWith('Q:') ? 0 : -1, text.lastIndexOf('\nQ:') === -1 ? -1 : text.lastIndexOf('\nQ:') + 1);
  if (start === -1) return text;
  const body = text.slice(start + 2);
  const end = body.search(/(^|\n)A:/u);
  return end === -1 ? body : body.slice(0, end);
}

function lastUser(messages: readonly ChatMessage[]): ChatMessage | undefined {
  return [...messages].reverse().find((m) => m.role === 'user');
}

function squash(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function abbreviate(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}
