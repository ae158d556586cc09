import { z } from 'zod';
import { exemplarsField, seedField, stopField, tokensField } from '../option-fields.js';
import { DEFAULT_PROGRAM_LIMITS, PROGRAM_LIMIT_RANGES } from './sandbox.js';

/** The set used when none is named: PAL's JavaScript programs on the CoT paper's GSM8K questions. */
export const DEFAULT_PAL_EXEMPLARS = 'concord-pal-arithmetic';

/** Sampling defaults with more than one path, as self-consistency's (Wang et al. 2022). */
export const PAL_SAMPLING_DEFAULTS = { temperature: 0.7, topK: 40 } as const;

const limitField = (range: { readonly min: number; readonly max: number }) => z.int().min(range.min).max(range.max);

export const programAidedOptionsSchema = z.strictObject({
  /**
   * A shipped exemplar set id or a path to a set file ending in .json, whose exemplars' `rationale` is a
   * JavaScript `function solution() { ... }` and whose test prompt ends inside that function.
   * @default 'concord-pal-arithmetic' (number answers)
   */
  exemplars: exemplarsField.optional(),
  /**
   * Programs sampled, in ONE generate call. 1 decodes greedily; more is self-consistency over programs: each
   * program is run and the paths vote, by majority, on the results. @default 1
   */
  paths: z.int().min(1).max(1024).default(1),
  /** Sampling temperature. @default 0 with one path (greedy), 0.7 with more (Wang et al. 2022) */
  temperature: z.number().min(0).max(10).optional(),
  /** Top-k truncation, 0 disables. @default 0 with one path, 40 with more */
  topK: z.int().min(0).optional(),
  /** Nucleus sampling, 1 disables. @default 1 */
  topP: z.number().gt(0).max(1).default(1),
  /** Most tokens of each program. @default 256 */
  maxTokens: tokensField.default(256),
  /** @default the exemplar set's `format.stop` (`["\n}", "\n\nQ:"]` for concord-pal-arithmetic: the function's end) */
  stop: stopField.optional(),
  /** Base seed: path i is sampled with seed + i. @default 0 */
  seed: seedField.default(0),
  /** Ask for log-probabilities, recorded on the paths. @default false */
  logprobs: z.boolean().default(false),
  /** Wall-clock limit of each program in the sandbox (loading it and running solution()), in ms. @default 1000 */
  timeoutMs: limitField(PROGRAM_LIMIT_RANGES.timeoutMs).default(DEFAULT_PROGRAM_LIMITS.timeoutMs),
  /**
   * Heap limit of each program in the sandbox, in bytes (1 MiB to 256 MiB; the WebAssembly memory a program grows
   * is kept by the process). @default 33554432 (32 MiB)
   */
  memoryBytes: limitField(PROGRAM_LIMIT_RANGES.memoryBytes).default(DEFAULT_PROGRAM_LIMITS.memoryBytes),
});

export type ProgramAidedOptions = z.output<typeof programAidedOptionsSchema>;
export type ProgramAidedOptionsInput = z.input<typeof programAidedOptionsSchema>;
