import { z } from 'zod';
import { seedField, tokensField } from '../option-fields.js';
import { isLeastToMostSetId, leastToMostSetIds, leastToMostSetSchema } from './least-to-most-prompts.js';
import { unknownNameMessage } from '../../prompts/index.js';

/** A shipped least-to-most set id, or a path ending in .json; an unknown id is reported with the other problems. */
export const leastToMostSetRefField = z
  .string()
  .min(1)
  .superRefine((ref, context) => {
    if (!ref.toLowerCase().endsWith('.json') && !isLeastToMostSetId(ref)) {
      context.addIssue({ code: 'custom', message: `${unknownNameMessage('least-to-most set', ref, leastToMostSetIds)}, or a path ending in .json` });
    }
  });

export const leastToMostOptionsSchema = z.strictObject({
  /**
   * The decomposition and solution exemplars: a shipped set id (`concord-l2m-letters`, `concord-l2m-arithmetic`),
   * a path to a set file ending in .json, or a set object in that file format.
   * @default by answer type: text concord-l2m-letters, every other type concord-l2m-arithmetic
   */
  exemplars: z
    .union([leastToMostSetRefField, leastToMostSetSchema], {
      error: 'must be a least-to-most set id, a path ending in .json, or a set object in the least-to-most file format',
    })
    .optional(),
  /**
   * Full least-to-most runs (decomposition and every sub-question), each one path; more than one are voted by
   * majority. The decompositions of all paths are sampled in ONE generate call. @default 1
   */
  paths: z.int().min(1).max(64).default(1),
  /** Sampling temperature of every call. @default 0 (greedy, as the paper) with one path, 0.7 with more */
  temperature: z.number().min(0).max(10).optional(),
  /** Top-k truncation, 0 disables. @default 0 with one path, 40 with more */
  topK: z.int().min(0).optional(),
  /** Nucleus sampling, 1 disables. @default 1 */
  topP: z.number().gt(0).max(1).default(1),
  /** Base seed: path i's calls use seed + i. @default 0 */
  seed: seedField.default(0),
  /** Most tokens of the decomposition (one line). @default 128 */
  maxDecompositionTokens: tokensField.default(128),
  /** Most tokens of each sub-question's answer (one line). @default 128 */
  maxTokens: tokensField.default(128),
  /** Most sub-questions asked before the question itself; more are dropped, with a warning. @default 8 */
  maxSubquestions: z.int().min(0).max(64).default(8),
  /** Ask for log-probabilities, recorded on the path (summed over its calls). @default false */
  logprobs: z.boolean().default(false),
});

export type LeastToMostOptions = z.output<typeof leastToMostOptionsSchema>;
export type LeastToMostOptionsInput = z.input<typeof leastToMostOptionsSchema>;
