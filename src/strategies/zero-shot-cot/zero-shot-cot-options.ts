import { z } from 'zod';
import { seedField, stopField, tokensField, triggerField } from '../option-fields.js';

export const zeroShotCotOptionsSchema = z.strictObject({
  /** Ends call 1's prompt, `Q: {question}\nA: {trigger}`. @default "Let's think step by step." (zero-shot-cot.json) */
  reasoningTrigger: triggerField.optional(),
  /**
   * Ends call 2's prompt, after the reasoning and " \n".
   * @default per answer type (Kojima Table 10): number "Therefore, the answer (arabic numerals) is", choice
   * "Therefore, among A through {last letter}, the answer is", yes-no "Therefore, the answer (Yes or No) is",
   * text "Therefore, the answer is"
   */
  answerTrigger: triggerField.optional(),
  /** Most tokens of the reasoning (call 1), as the paper's runs. @default 128 */
  maxReasoningTokens: tokensField.default(128),
  /** Most tokens of the answer (call 2), as the paper's runs. @default 32 */
  maxAnswerTokens: tokensField.default(32),
  /** For both calls. @default ["Q:"] (Kojima Appendix A.4) */
  stop: stopField.optional(),
  /** Ask for log-probabilities, recorded on the path (both calls summed). @default false */
  logprobs: z.boolean().default(false),
  /** Passed to the backend; decoding is greedy, so it matters only to backends that sample anyway. @default 0 */
  seed: seedField.default(0),
});

export type ZeroShotCotOptions = z.output<typeof zeroShotCotOptionsSchema>;
export type ZeroShotCotOptionsInput = z.input<typeof zeroShotCotOptionsSchema>;
