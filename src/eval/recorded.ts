/**
 * Recorded generations: the JSONL format (one question per line, defined with the replay backend that plays it
 * back, src/backends/replay/replay-format.ts, and re-exported here), the answer spec of a record, and records made
 * from a strategy's result.
 */

import type { AnswerSpec, AnswerType } from '../spec/answer.js';
import type { ReasoningResult } from '../spec/result.js';
import type { RecordedQuestion } from '../backends/replay/index.js';

// The recorded format belongs to the replay backend, which parses it; eval re-exports it whole.
export * from '../backends/replay/replay-format.js';

/** Option letters of a choice record without `choices`. */
export const DEFAULT_CHOICE_COUNT = 5;

/**
 * The answer spec a record is graded under: its `answerType`, or `override`; a choice question's letters are A, B, …
 * one per entry of `choices` (A–E without them).
 */
export function answerSpecOf(record: Pick<RecordedQuestion, 'answerType' | 'choices'>, override?: AnswerType): AnswerSpec {
  const type = override ?? record.answerType;
  switch (type) {
    case 'choice': {
      const count = record.choices?.length ?? DEFAULT_CHOICE_COUNT;
      return { type, letters: Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i)) };
    }
    case 'number':
    case 'yes-no':
    case 'text':
    case 'math':
      return { type };
  }
}

export interface RecordedQuestionSource {
  readonly id: string;
  readonly question?: string;
  readonly gold: string;
  readonly spec: AnswerSpec;
  /** Option texts of a choice question; by default its letters stand in for them (their count is what matters). */
  readonly choices?: readonly string[];
}

/** One record from a strategy's result: every path's text, summed log-probability and tokens, in path order. */
export function recordFromResult(source: RecordedQuestionSource, result: Pick<ReasoningResult, 'paths'>): RecordedQuestion {
  const choices = source.choices ?? (source.spec.type === 'choice' ? source.spec.letters : undefined);
  return {
    id: source.id,
    ...(source.question === undefined ? {} : { question: source.question }),
    answer: source.gold,
    answerType: source.spec.type,
    ...(choices === undefined ? {} : { choices }),
    samples: [...result.paths]
      .sort((a, b) => a.index - b.index)
      .map((p) => ({ text: p.text, tokens: p.tokens, ...(p.logprob === undefined ? {} : { logprob: p.logprob }) })),
  };
}
