/** Answer types, extracted answers and votes: types shared by answers/, strategies and eval. */

export type AnswerSpec =
  | { readonly type: 'number'; /** Relative tolerance for numeric equality. @default 1e-6 */ readonly tolerance?: number }
  | { readonly type: 'choice'; /** The option letters, upper case, e.g. ["A","B","C","D","E"]. */ readonly letters: readonly string[] }
  | { readonly type: 'yes-no' }
  | { readonly type: 'text' }
  | { readonly type: 'math' };

export type AnswerType = AnswerSpec['type'];

export interface ExtractedAnswer {
  /** The normalised answer, or null when none was found (an abstention). */
  readonly answer: string | null;
  /** The name of the rule that matched, e.g. `"answer-phrase"` or `"last-number"`; null for an abstention. */
  readonly rule: string | null;
}

export type Aggregation = 'majority' | 'weighted-mean' | 'weighted-sum';

export interface VoteRow {
  readonly answer: string;
  /** Paths that gave this answer. */
  readonly count: number;
  /** This answer's share of the vote: count / answered paths for majority, weight / total weight otherwise. */
  readonly share: number;
  /** Summed weight, for the weighted aggregations. */
  readonly weight?: number;
}

export interface VoteOutcome {
  /** The winning answer, or null when no path gave one. */
  readonly answer: string | null;
  /** The winner's share; 0 when no path answered. */
  readonly confidence: number;
  /** Sorted best first. */
  readonly votes: readonly VoteRow[];
  /** Paths that abstained. */
  readonly abstentions: number;
}
