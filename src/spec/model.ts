/**
 * The model interface: identity, capabilities, and one streaming `generate`.
 * Types only; backends implement it, strategies consume it.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/** A prompt is either raw text (completion models) or chat messages. */
export type Prompt = string | readonly ChatMessage[];

export interface ModelCapabilities {
  /** The backend can report per-token log-probabilities of sampled tokens. */
  readonly logprobs: boolean;
  /** How many sequences the backend decodes together; paths beyond this wait their turn. */
  readonly maxParallelSequences: number;
  /** Tokens one sequence can hold (prompt + completion); undefined when unknown (remote servers). */
  readonly contextSize: number | undefined;
  /** The backend samples `samples > 1` completions in one call natively (one batch, or `n` in one request). */
  readonly nativeMultiSample: boolean;
}

export interface GenerateOptions {
  readonly prompt: Prompt;
  /** Number of independent completions to sample. @default 1 */
  readonly samples?: number;
  /** 0 means greedy decoding. @default 0 */
  readonly temperature?: number;
  /** 0 disables top-k. @default 0 */
  readonly topK?: number;
  /** 1 disables nucleus sampling. @default 1 */
  readonly topP?: number;
  /** Most tokens one completion may generate. @default 256 */
  readonly maxTokens?: number;
  /** Generation of a completion ends before the first of these strings; the string is not included. */
  readonly stop?: readonly string[];
  /** Base seed: completion i is sampled with seed + i, so a fixed seed reproduces every completion. */
  readonly seed?: number;
  /** Ask for the log-probabilities of the sampled tokens (ignored, with a warning, where unsupported). */
  readonly logprobs?: boolean;
  readonly signal?: AbortSignal;
  /** Called with text as it is generated, where the backend streams; completions still arrive whole. */
  readonly onTextDelta?: (index: number, delta: string) => void;
}

export type FinishReasonKind = 'stop' | 'length' | 'abort' | 'error' | 'other';

export interface FinishReason {
  readonly unified: FinishReasonKind;
  /** What the backend itself said, e.g. `"eos"`, `"stop-sequence"` or an OpenAI `finish_reason`. */
  readonly raw: string | undefined;
}

export interface TokenLogprob {
  readonly token: string;
  /** Natural log of the model's probability of this token (before temperature and truncation). */
  readonly logprob: number;
}

export interface CompletionLogprobs {
  readonly tokens: readonly TokenLogprob[];
  readonly sum: number;
  readonly mean: number;
}

export interface Completion {
  /** Which sample of the call this is, 0 ≤ index < samples. */
  readonly index: number;
  readonly text: string;
  /** Tokens generated for this completion. */
  readonly outputTokens: number;
  /**
   * Prompt tokens newly evaluated (or billed) on behalf of this completion. Summing it over all completions of
   * a call gives the call's honest input usage: a shared prompt prefix is counted once.
   */
  readonly inputTokens: number;
  readonly finishReason: FinishReason;
  readonly logprobs?: CompletionLogprobs;
  /** Options the backend ignored or adjusted, e.g. log-probabilities asked of a backend that has none. */
  readonly warnings: readonly string[];
}

export interface LanguageModel extends AsyncDisposable {
  /** e.g. `"llama"` or `"openai"`. */
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  /** Samples completions and yields each one when it finishes, in the order they finish. */
  generate(options: GenerateOptions): AsyncIterable<Completion>;
  dispose(): Promise<void>;
}
