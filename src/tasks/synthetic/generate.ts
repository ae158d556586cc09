/**
 * The shared generation loop, the train/test partition, the task list and the vocabulary.
 *
 * Partition: a question belongs to the test side when FNV-1a-32(question) % 10 === 0. `train` keeps only the other
 * questions and `in`/`out` only those, so no test question can ever appear in training text, whatever the seeds,
 * counts or lengths (the hash depends on the question text alone). `in` and `out` differ by length.
 */
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';
import { arithmeticTask } from './arithmetic.js';
import { coinFlipTask } from './coin-flip.js';
import { lettersTask } from './letters.js';
import { createRng, fnv1a32 } from './random.js';
import { fill, PUNCTUATION, templateWords } from './tokens.js';
import type {
  GenerateOptions,
  LengthRange,
  Problem,
  SyntheticAnswerType,
  SyntheticItem,
  SyntheticSplit,
  SyntheticTaskName,
  TaskGenerator,
} from './types.js';

export const TEST_MODULUS = 10;

/** True for the questions reserved for the `in` and `out` splits. */
export function isTestQuestion(question: string): boolean {
  return fnv1a32(question) % TEST_MODULUS === 0;
}

export const SPLITS: readonly SyntheticSplit[] = ['train', 'in', 'out'];

/** Words (letters), people (coin flip), steps (arithmetic). Widen `train` with the `lengths` option. */
export const DEFAULT_LENGTHS: Readonly<Record<SyntheticSplit, LengthRange>> = {
  train: [2, 3],
  in: [2, 3],
  out: [4, 5],
};

export const DIRECT_ANSWER_TEMPLATE = 'The answer is {answer}.';

const generators: Readonly<Record<SyntheticTaskName, TaskGenerator>> = {
  letters: lettersTask,
  'coin-flip': coinFlipTask,
  arithmetic: arithmeticTask,
};

export interface SyntheticTaskInfo {
  readonly name: SyntheticTaskName;
  readonly answerType: SyntheticAnswerType;
  /** The phrase before the answer in `cotAnswer` ("So the answer is" for coin flip, as its exemplars). */
  readonly answerPhrase: string;
  readonly lengthUnit: TaskGenerator['lengthUnit'];
  readonly maxLength: number;
}

export const syntheticTasks: readonly SyntheticTaskInfo[] = Object.values(generators).map((g) => ({
  name: g.name,
  answerType: g.answerType,
  answerPhrase: g.answerTemplate.slice(0, g.answerTemplate.indexOf(' {answer}')),
  lengthUnit: g.lengthUnit,
  maxLength: g.maxLength,
}));

export interface SyntheticVocabulary {
  /** Capitalised names; they appear bare (after a quote) or after a space. */
  readonly names: readonly string[];
  /** Template words, objects, pronouns and answer words, in the case they appear in. */
  readonly words: readonly string[];
  readonly punctuation: readonly string[];
  /** Lower-case letters: the letter task's answers are spelled from them (`nk` is not a word). */
  readonly letters: readonly string[];
}

/** Everything the generators emit, besides decimal integers 0..999; sorted, no duplicates. */
export function vocabularyWords(): SyntheticVocabulary {
  const all = Object.values(generators);
  const words = all.flatMap((g) => [
    ...templateWords([...g.templates, g.answerTemplate, DIRECT_ANSWER_TEMPLATE]),
    ...g.fillerWords,
  ]);
  return {
    names: [...new Set(all.flatMap((g) => g.names))].sort(),
    words: [...new Set(words)].sort(),
    punctuation: [...PUNCTUATION],
    letters: [...'abcdefghijklmnopqrstuvwxyz'],
  };
}

/** Short words a spelled answer must not be, beyond the vocabulary itself. */
const COMMON_WORDS = ['a', 'an', 'the', 'no', 'yes', 'is', 'of', 'so', 'it', 'in', 'be', 'to', 'on', 'at', 'or', 'as'];
let clashes: ReadonlySet<string> | undefined;

/** True when a spelled answer reads as a word (case-insensitively): `is`, `no`, `so`. */
export function spellsAWord(answer: string): boolean {
  clashes ??= new Set([...COMMON_WORDS, ...vocabularyWords().words.map((w) => w.toLowerCase())]);
  return clashes.has(answer.toLowerCase());
}

function checkOptions(task: SyntheticTaskName, split: SyntheticSplit, options: GenerateOptions): LengthRange {
  const issues: ArgumentIssue[] = [];
  const generator = Object.hasOwn(generators, task) ? generators[task] : undefined;
  if (generator === undefined) issues.push({ path: ['task'], message: `unknown task ${String(task)}` });
  if (!SPLITS.includes(split)) issues.push({ path: ['split'], message: `unknown split ${String(split)}` });
  if (!Number.isSafeInteger(options.seed)) issues.push({ path: ['seed'], message: 'must be a safe integer' });
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    issues.push({ path: ['count'], message: 'must be a non-negative integer' });
  }
  const lengths = options.lengths ?? DEFAULT_LENGTHS[split] ?? DEFAULT_LENGTHS.train;
  const [min, max] = lengths;
  const limit = generator?.maxLength ?? 1;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || min > max || max > limit) {
    issues.push({ path: ['lengths'], message: `must be integers [min, max] with 1 <= min <= max <= ${limit}` });
  }
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  return lengths;
}

function toItem(generator: TaskGenerator, split: SyntheticSplit, id: string, problem: Problem): SyntheticItem {
  return {
    id,
    task: generator.name,
    split,
    question: problem.question,
    answer: problem.answer,
    answerType: generator.answerType,
    rationale: problem.rationale,
    cotAnswer: `${problem.rationale} ${fill(generator.answerTemplate, { answer: problem.answer })}`,
    directAnswer: fill(DIRECT_ANSWER_TEMPLATE, { answer: problem.answer }),
    difficulty: problem.difficulty,
  };
}

/**
 * `count` distinct questions of `task` for `split`, the same for the same seed and lengths; a smaller count gives
 * a prefix of a larger one. Lengths are drawn uniformly in `lengths`. Throws when the length range holds too few
 * distinct questions for `count`.
 */
export function generateItems(
  task: SyntheticTaskName,
  split: SyntheticSplit,
  options: GenerateOptions,
): SyntheticItem[] {
  const [min, max] = checkOptions(task, split, options);
  const generator = generators[task];
  // The lengths are part of the stream's seed, so [2, 2] and [3, 3] with one seed are not the same draws.
  const rng = createRng(fnv1a32(`${task}/${split}/${min}-${max}/${options.seed}`));
  const wantTest = split !== 'train';
  const seen = new Set<string>();
  const items: SyntheticItem[] = [];
  const maxDraws = 1000 + 200 * options.count;
  for (let draws = 0; items.length < options.count; draws++) {
    if (draws >= maxDraws) {
      const message = `found only ${items.length} distinct ${task} ${split} questions of lengths ${min}-${max}`;
      throw new InvalidArgumentError([{ path: ['count'], message }]);
    }
    const problem = generator.draw(rng, rng.int(min, max));
    if (problem === undefined || seen.has(problem.question)) continue;
    if (isTestQuestion(problem.question) !== wantTest) continue;
    if (generator.answerIsSpelled && spellsAWord(problem.answer)) continue;
    seen.add(problem.question);
    items.push(toItem(generator, split, `${task}-${split}-${options.seed}-${items.length}`, problem));
  }
  return items;
}
