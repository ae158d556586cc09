/**
 * BIG-bench task files (`{…, examples: [{input, target_scores}]}`): Date Understanding (PAL's copy) and Tracking
 * Shuffled Objects, three objects (zero-shot-CoT's copy). The gold is the one `target_scores` key with score 1.
 *
 * - `bigbench-date`: the question as is and the gold date as text (`05/01/2021`), as the CoT paper's date exemplars
 *   (wei2022-date-understanding) show it: they print no options and answer with the date, so a choice spec would
 *   read no letter in their completions.
 * - `bigbench-date-choice`: zero-shot-CoT's lettered form, `{input} Answer Choices: (A) 05/01/2021 (B) …`. The gold
 *   is the first key in 364 of the 369 examples, so lettering in file order would make (A) right 99% of the time;
 *   zero-shot-CoT shuffled the options (unseeded). Here they are shuffled by a fixed hash of the input, so the
 *   lettering is the same on every load.
 * - `shuffled-objects`: zero-shot-CoT's form, `{input}\nWhich choice is true ? Answer Choices: (A) orange ball. (B) …`,
 *   lettered in `target_scores` order (the gold's position is already uniform). Option strings keep their period.
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { fnv1a32, mulberry32 } from '../synthetic/index.js';
import type { TaskItem } from '../task.js';
import { answerChoices, choiceSpec, optionLetters, type Option } from './choices.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonArrayRecords, RecordProblem, type RawRecord } from './records.js';

const exampleSchema = z.object({ input: z.string().min(1), target_scores: z.record(z.string(), z.number()) });

type Example = z.output<typeof exampleSchema>;

/** The option strings in file order and the index of the one scored 1. */
export function scoredOptions(example: Example): { readonly options: readonly string[]; readonly gold: number } {
  const options = Object.keys(example.target_scores);
  const golds = options.filter((key) => example.target_scores[key] === 1);
  if (golds.length !== 1) throw new RecordProblem(`must score exactly one option 1, found ${golds.length}`, ['target_scores']);
  if (options.length < 2) throw new RecordProblem('must have at least 2 options', ['target_scores']);
  return { options, gold: options.indexOf(golds[0] ?? '') };
}

/** A fixed permutation of 0..n-1 for `key` (Fisher-Yates with mulberry32 seeded by FNV-1a of the key). */
export function stableShuffle(n: number, key: string): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const next = mulberry32(fnv1a32(key));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

function lettered(strings: readonly string[]): Option[] {
  const letters = optionLetters(strings.length);
  return strings.map((text, i) => ({ letter: letters[i] ?? '', text }));
}

function choiceItem(raw: RawRecord, question: string, options: readonly Option[], goldLetter: string): TaskItem {
  const spec = choiceSpec(options);
  return { id: raw.ref, question, answer: goldAnswer(goldLetter, spec, ['target_scores']), answerSpec: spec };
}

const TEXT: AnswerSpec = { type: 'text' };
const DATE_FILE = { test: 'bigbench-date/date_understanding.json' };

export const bigbenchDate = defineDataset({
  name: 'bigbench-date',
  description: 'BIG-bench Date Understanding: infer a date (MM/DD/YYYY) from context; the gold date as text, as the CoT paper prompts it.',
  answerType: 'text',
  exemplars: 'wei2022-date-understanding',
  files: DATE_FILE,
  read: (file, options) =>
    collectItems(
      file,
      jsonArrayRecords(file, ['examples']),
      exampleSchema,
      (example, raw) => {
        const { options: dates, gold } = scoredOptions(example);
        return { id: raw.ref, question: example.input.trim(), answer: goldAnswer(dates[gold] ?? '', TEXT, ['target_scores']), answerSpec: TEXT };
      },
      options,
    ),
});

export const bigbenchDateChoice = defineDataset({
  name: 'bigbench-date-choice',
  description: 'BIG-bench Date Understanding as zero-shot-CoT asks it: lettered options (shuffled by a fixed hash); choice answers.',
  answerType: 'choice',
  files: DATE_FILE,
  read: (file, options) =>
    collectItems(
      file,
      jsonArrayRecords(file, ['examples']),
      exampleSchema,
      (example, raw) => {
        const { options: dates, gold } = scoredOptions(example);
        const order = stableShuffle(dates.length, example.input);
        const choices = lettered(order.map((i) => dates[i] ?? ''));
        const goldLetter = choices[order.indexOf(gold)]?.letter ?? '';
        return choiceItem(raw, `${example.input.trim()} ${answerChoices(choices, 'upper')}`, choices, goldLetter);
      },
      options,
    ),
});

export const shuffledObjects = defineDataset({
  name: 'shuffled-objects',
  description: 'BIG-bench Tracking Shuffled Objects (three objects), as zero-shot-CoT asks it: who holds what after the swaps; choice answers.',
  answerType: 'choice',
  files: { test: 'bigbench-tracking-shuffled-objects-three/task.json' },
  read: (file, options) =>
    collectItems(
      file,
      jsonArrayRecords(file, ['examples']),
      exampleSchema,
      (example, raw) => {
        const { options: objects, gold } = scoredOptions(example);
        const choices = lettered(objects);
        const question = `${example.input.trim()}\nWhich choice is true ? ${answerChoices(choices, 'upper')}`;
        return choiceItem(raw, question, choices, choices[gold]?.letter ?? '');
      },
      options,
    ),
});
