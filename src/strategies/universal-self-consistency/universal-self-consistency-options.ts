import { z } from 'zod';
import type { ArgumentIssue } from '../../spec/errors/index.js';
import { exemplarsField, seedField, stopField, tokensField } from '../option-fields.js';

/** Most tokens of each path, by how the paths are sampled (the same defaults as self-consistency). */
export const uscMaxTokensDefaults = { 'chain-of-thought': 256, 'zero-shot-cot': 128 } as const;

/** Tokens of each zero-shot-cot answer call (Kojima et al. 2022: 32), as self-consistency. */
export const USC_ZERO_SHOT_ANSWER_TOKENS = 32;

export const universalSelfConsistencyOptionsSchema = z.strictObject({
  /**
   * How the responses are sampled. 'auto': few-shot chain-of-thought with `exemplars` where they are given, and
   * for every answer type but text (the set for the question, as chain-of-thought picks it); zero-shot
   * chain-of-thought for a text question without exemplars, since the only shipped free-text set teaches
   * last-letter concatenation, and free-form questions are what USC is for. @default 'auto'
   */
  base: z.enum(['auto', 'chain-of-thought', 'zero-shot-cot']).default('auto'),
  /**
   * Responses sampled, in ONE generate call, then listed in the one selection prompt (so the prompt grows with
   * k; the paper uses 8). @default 8
   */
  paths: z.int().min(1).max(64).default(8),
  /** Sampling temperature of the responses, as self-consistency's. @default 0.7 */
  temperature: z.number().min(0).max(10).default(0.7),
  /** Top-k truncation of the responses, 0 disables. @default 40 */
  topK: z.int().min(0).default(40),
  /** Nucleus sampling of the responses, 1 disables. @default 1 */
  topP: z.number().gt(0).max(1).default(1),
  /** Base seed: response i is sampled with seed + i; the greedy selection call gets `seed`. @default 0 */
  seed: seedField.default(0),
  /**
   * Few-shot base: a shipped set id or a .json file (the responses are then chain-of-thought completions).
   * @default the set for the question's answer type, as chain-of-thought; none (zero-shot) for text, see `base`
   */
  exemplars: exemplarsField.optional(),
  /** Most tokens of each response (zero-shot base: of each reasoning; its answer call takes 32). @default 256 few-shot, 128 zero-shot */
  maxTokens: tokensField.optional(),
  /** Most tokens of the selection call, which only has to name a response. @default 32 */
  maxSelectionTokens: tokensField.default(32),
  /**
   * 'majority': the exact vote where answers can be extracted and compared, i.e. no selection call when no path
   * answered, when all answers agree, or for a non-text answer type with more than half the paths answered; and
   * the vote when the selection names no response or one without an answer. 'none': the paper's USC, the
   * selection call for any two responses or more, and no answer when it names none. @default 'majority'
   */
  fallback: z.enum(['majority', 'none']).default('majority'),
  /** Stop sequences of the sampling calls. @default the base's: the exemplar set's `format.stop`, or ["Q:"] zero-shot */
  stop: stopField.optional(),
  /** Ask for log-probabilities of the responses (recorded on the paths). @default false */
  logprobs: z.boolean().default(false),
});

/** `exemplars` with base zero-shot-cot would be silently ignored; checked on the raw input, beside the schema. */
export function uscMisplacedOptionIssues(raw: unknown): ArgumentIssue[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const options = raw as Record<string, unknown>;
  if (options['base'] !== 'zero-shot-cot' || options['exemplars'] === undefined) return [];
  return [{ path: ['exemplars'], message: "applies to base 'chain-of-thought' or 'auto', not 'zero-shot-cot'" }];
}

export type UniversalSelfConsistencyOptions = z.output<typeof universalSelfConsistencyOptionsSchema>;
export type UniversalSelfConsistencyOptionsInput = z.input<typeof universalSelfConsistencyOptionsSchema>;
