import { z } from 'zod';
import type { ArgumentIssue } from '../../spec/errors/index.js';
import { earlyStopField, exemplarsField, seedField, stopField, tokensField, triggerField } from '../option-fields.js';

/** Defaults of the options that apply to one base only (they are optional in the schema, so a misplaced one shows). */
export const selfConsistencyBaseDefaults = {
  chat: false,
  maxTokens: 256,
  maxReasoningTokens: 128,
  maxAnswerTokens: 32,
} as const;

const chainOfThoughtOnly = ['exemplars', 'chat', 'maxTokens', 'earlyStop', 'batch'] as const;
const zeroShotCotOnly = ['reasoningTrigger', 'answerTrigger', 'maxReasoningTokens', 'maxAnswerTokens'] as const;

export const selfConsistencyOptionsSchema = z.strictObject({
  /** The prompting method whose paths are sampled and voted on. @default 'chain-of-thought' */
  base: z.enum(['chain-of-thought', 'zero-shot-cot']).default('chain-of-thought'),
  /**
   * Paths sampled, in ONE generate call. The paper uses 40; 16 keeps a CPU run short and gets most of the
   * gain (Wang et al. 2022, Figure 2: accuracy rises steeply to about 10-20 paths, then flattens). @default 16
   */
  paths: z.int().min(1).max(1024).default(16),
  /** Sampling temperature (the paper: 0.7 for PaLM and GPT-3, 0.5 for UL2 and LaMDA). @default 0.7 */
  temperature: z.number().min(0).max(10).default(0.7),
  /** Top-k truncation, 0 disables (the paper: 40). @default 40 */
  topK: z.int().min(0).default(40),
  /** Nucleus sampling, 1 disables. @default 1 */
  topP: z.number().gt(0).max(1).default(1),
  /**
   * How paths vote: 'majority' (the paper's choice), 'weighted-mean' (each path weighs its length-normalised
   * probability), 'weighted-sum' (its probability). The weighted ones ask the model for log-probabilities.
   * @default 'majority'
   */
  aggregation: z.enum(['majority', 'weighted-mean', 'weighted-sum']).default('majority'),
  /** Base seed: path i is sampled with seed + i, so a run can be repeated. @default 0 */
  seed: seedField.default(0),
  /** Ask for log-probabilities even for majority voting (recorded on the paths). @default false */
  logprobs: z.boolean().default(false),
  /** base chain-of-thought: a shipped set id or a .json file. @default the set for the answer type, as chain-of-thought */
  exemplars: exemplarsField.optional(),
  /** base chain-of-thought: send the exemplars as chat turns. @default false */
  chat: z.boolean().optional(),
  /** base chain-of-thought: most tokens per path. @default 256 */
  maxTokens: tokensField.optional(),
  /** base zero-shot-cot: call 1's trigger. @default "Let's think step by step." */
  reasoningTrigger: triggerField.optional(),
  /** base zero-shot-cot: call 2's trigger. @default per answer type, as zero-shot-cot */
  answerTrigger: triggerField.optional(),
  /** base zero-shot-cot: most tokens of each reasoning. @default 128 */
  maxReasoningTokens: tokensField.optional(),
  /** base zero-shot-cot: most tokens of each answer call. @default 32 */
  maxAnswerTokens: tokensField.optional(),
  /** @default the base's: the exemplar set's `format.stop`, or ["Q:"] for zero-shot-cot */
  stop: stopField.optional(),
  /**
   * Adaptive stopping: `beta:C` (Adaptive-Consistency), `dirichlet:C`, `window:W` (Early-Stopping SC) or `fixed:N`.
   * Paths are then sampled `batch` at a time and sampling ends once the rule is met. @default none: all paths
   */
  earlyStop: earlyStopField.optional(),
  /** With earlyStop, paths per generate call. @default 4, or W for `window:W` */
  batch: z.int().min(1).max(1024).optional(),
});

/**
 * Options given for the other base, e.g. `exemplars` with base zero-shot-cot: they would be silently ignored.
 * Checked on the raw input, beside the schema, because zod skips refinements once a field is bad, and every
 * problem should show at once.
 */
export function misplacedOptionIssues(raw: unknown): ArgumentIssue[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const options = raw as Record<string, unknown>;
  const base = options['base'] ?? 'chain-of-thought';
  if (base !== 'chain-of-thought' && base !== 'zero-shot-cot') return [];
  const misplaced = base === 'chain-of-thought' ? zeroShotCotOnly : chainOfThoughtOnly;
  const other = base === 'chain-of-thought' ? 'zero-shot-cot' : 'chain-of-thought';
  const issues: ArgumentIssue[] = misplaced
    .filter((key) => options[key] !== undefined)
    .map((key) => ({ path: [key], message: `applies to base '${other}' only, not '${base}'` }));
  if (base === 'chain-of-thought' && options['batch'] !== undefined && options['earlyStop'] === undefined) {
    issues.push({ path: ['batch'], message: 'applies with earlyStop only (without it, every path is sampled in one call)' });
  }
  return issues;
}

export type SelfConsistencyOptions = z.output<typeof selfConsistencyOptionsSchema>;
export type SelfConsistencyOptionsInput = z.input<typeof selfConsistencyOptionsSchema>;
