import type { Completion, FinishReason } from './model.js';
import type { VoteRow } from './answer.js';

/** One sampled reasoning path with the answer extracted from it. */
export interface ReasoningPath {
  readonly index: number;
  readonly text: string;
  readonly answer: string | null;
  readonly rule: string | null;
  readonly tokens: number;
  /** Sum of the sampled tokens' log-probabilities, where the backend has them. */
  readonly logprob?: number;
  readonly meanLogprob?: number;
  readonly finishReason: FinishReason;
}

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly seconds: number;
}

export interface ReasoningResult {
  readonly answer: string | null;
  readonly confidence: number;
  readonly votes: readonly VoteRow[];
  readonly paths: readonly ReasoningPath[];
  readonly usage: Usage;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
}

/** Events of one question, consumed by the CLI, the server's SSE and the web page alike. Names are noun-verb. */
export type ReasoningEvent =
  | { readonly type: 'path-start'; readonly index: number }
  | { readonly type: 'text-delta'; readonly index: number; readonly delta: string }
  | { readonly type: 'path-end'; readonly path: ReasoningPath; readonly completion: Completion }
  | { readonly type: 'vote-end'; readonly answer: string | null; readonly confidence: number; readonly votes: readonly VoteRow[] }
  | { readonly type: 'end'; readonly result: ReasoningResult };
