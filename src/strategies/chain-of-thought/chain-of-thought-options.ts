import { z } from 'zod';
import { exemplarsField, seedField, stopField, tokensField } from '../option-fields.js';

export const chainOfThoughtOptionsSchema = z.strictObject({
  /**
   * A shipped exemplar set id (e.g. `wei2022-math-annotator-a`) or a path to a set file ending in .json.
   * @default the set for the question's answer type: number wei2022-math-annotator-a, choice wei2022-csqa,
   * yes-no wei2022-strategyqa, text wei2022-last-letter-concatenation
   */
  exemplars: exemplarsField.optional(),
  /** Send the exemplars as user/assistant turns, for chat models, instead of one text prompt. @default false */
  chat: z.boolean().default(false),
  /** Most tokens of the reasoning (lm-evaluation-harness's default generation length). @default 256 */
  maxTokens: tokensField.default(256),
  /** @default the exemplar set's `format.stop` (`["\n\nQ:", "Q:"]` for the shipped sets) */
  stop: stopField.optional(),
  /** Ask for log-probabilities, recorded on the path. @default false */
  logprobs: z.boolean().default(false),
  /** Passed to the backend; decoding is greedy, so it matters only to backends that sample anyway. @default 0 */
  seed: seedField.default(0),
});

export type ChainOfThoughtOptions = z.output<typeof chainOfThoughtOptionsSchema>;
export type ChainOfThoughtOptionsInput = z.input<typeof chainOfThoughtOptionsSchema>;
