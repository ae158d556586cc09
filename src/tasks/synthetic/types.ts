/** Types shared by the synthetic task generators (see README.md in this folder for the formats). */
import type { AnswerType } from '../../spec/answer.js';

export type SyntheticTaskName = 'letters' | 'coin-flip' | 'arithmetic';

/** `train`: training text; `in`: held-out test items of the training lengths; `out`: held-out, longer. */
export type SyntheticSplit = 'train' | 'in' | 'out';

export type SyntheticAnswerType = Extract<AnswerType, 'text' | 'yes-no' | 'number'>;

/** Inclusive [min, max] of the task's length unit: words (letters), people (coin-flip), steps (arithmetic). */
export type LengthRange = readonly [min: number, max: number];

export interface SyntheticItem {
  /** `${task}-${split}-${seed}-${index}`: unique within one generateItems call, stable for a seed. */
  readonly id: string;
  readonly task: SyntheticTaskName;
  readonly split: SyntheticSplit;
  readonly question: string;
  /** The bare answer: the letters, `yes`/`no`, or a decimal integer. */
  readonly answer: string;
  readonly answerType: SyntheticAnswerType;
  /** The reasoning alone, in the style of the CoT paper's exemplars. */
  readonly rationale: string;
  /** `rationale + " " + answer sentence`, as an exemplar file's `full_answer_text`. */
  readonly cotAnswer: string;
  /** `The answer is {answer}.` (the direct-prompting form, as the few-shot builder's DIRECT_ANSWER_PHRASE). */
  readonly directAnswer: string;
  /** Words, people or steps. */
  readonly difficulty: number;
}

export interface GenerateOptions {
  /** Any safe integer; the same seed, task, split and lengths give the same items. */
  readonly seed: number;
  readonly count: number;
  /** @default [2, 3] for train and in, [4, 5] for out */
  readonly lengths?: LengthRange | undefined;
}

/** One item before it gets an id and its answer sentences. */
export interface Problem {
  readonly question: string;
  readonly rationale: string;
  readonly answer: string;
  readonly difficulty: number;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** What the shared generation loop needs from one task. */
export interface TaskGenerator {
  readonly name: SyntheticTaskName;
  readonly answerType: SyntheticAnswerType;
  /** The sentence after the rationale in `cotAnswer`, with `{answer}`. */
  readonly answerTemplate: string;
  readonly lengthUnit: 'words' | 'people' | 'steps';
  /** The longest length the generator supports. */
  readonly maxLength: number;
  /** Every template it fills, with `{slot}` placeholders: the source of its template words. */
  readonly templates: readonly string[];
  /** Words it emits outside its templates (objects, pronouns, answers). */
  readonly fillerWords: readonly string[];
  readonly names: readonly string[];
  /** True when the answer is spelled from letters and must not read as a vocabulary word. */
  readonly answerIsSpelled: boolean;
  /** A random problem of `length`, or undefined when the draw is rejected (the loop draws again). */
  draw(rng: Rng, length: number): Problem | undefined;
}
