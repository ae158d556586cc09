import type { LengthRange, SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import type { DocumentKind } from './corpus.js';

/** The training mixture: what a document is made of, in what shares. */
export const TRAINING_MIX = {
  /** Tokens per training row (the paper's 8-shot coin-flip prompt plus an answer must fit). */
  rowLength: 768,
  /** Arithmetic is the hardest skill to form, so it gets the most text. */
  tasks: { arithmetic: 0.45, letters: 0.35, 'coin-flip': 0.2 } satisfies Record<SyntheticTaskName, number>,
  kinds: { cot: 0.4, direct: 0.25, 'zero-shot-reasoning': 0.175, 'zero-shot-answer': 0.175 } satisfies Record<DocumentKind, number>,
  /** Share of few-shot documents that start with the task's published exemplars, as evaluation prompts do. */
  exemplarPrefixShare: 0.35,
  /**
   * Lengths seen in training: 1–3 (one below the in-distribution 2–3, so the model sees the loop end early);
   * 4–5 stay out of distribution.
   */
  trainLengths: { letters: [1, 3], 'coin-flip': [1, 3], arithmetic: [1, 3] } satisfies Record<SyntheticTaskName, LengthRange>,
} as const;

/**
 * Stage two continues from stage one's weights on fresh items (another seed) with a lower learning rate, weighted
 * to the skills stage one left weakest: copying each word into a letters rationale, and multi-step arithmetic.
 */
export const STAGE_TWO_MIX = {
  ...TRAINING_MIX,
  tasks: { arithmetic: 0.4, letters: 0.45, 'coin-flip': 0.15 } satisfies Record<SyntheticTaskName, number>,
  kinds: { cot: 0.55, direct: 0.15, 'zero-shot-reasoning': 0.15, 'zero-shot-answer': 0.15 } satisfies Record<DocumentKind, number>,
} as const;

export type TrainingMix = typeof TRAINING_MIX | typeof STAGE_TWO_MIX;
