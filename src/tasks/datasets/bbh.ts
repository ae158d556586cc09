/**
 * BIG-Bench Hard (suzgunmirac/BIG-Bench-Hard): `bbh/bbh/<task>.json` = `{canary, examples: [{input, target}]}`, 27
 * task files (6511 examples), and `bbh/cot-prompts/<task>.txt`, the 3-shot CoT prompt of each (see bbh-prompt.ts).
 * Questions are `input` as is (options are already printed in it, `Options:\n(A) …`).
 *
 * Answer types, by target format (the BBH paper grades exact strings; each type's canonical form keeps that):
 * - "(A)" tasks → choice, over the letters the item's input lists (2 to 18). Three golds are not letters: in
 *   movie_recommendation [163] and ruin_names [99], [144] the options were split at commas and the gold is the
 *   unsplit string ("Monsters, Inc"); those items get a text spec, so only that exact string is right.
 * - Yes/No (causal_judgement, navigate, web_of_lies; sports_understanding in lower case) → yes-no: the canonical
 *   'yes'/'no' equals the text one, and the yes-no reader also reads "**Yes**".
 * - True/False (boolean_expressions), valid/invalid (formal_fallacies), dyck_languages, word_sorting → text
 *   (lower-cased, whitespace collapsed: `] ] >`).
 * - object_counting, multistep_arithmetic_two → number.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExemplarSet } from '../../prompts/index.js';
import type { AnswerSpec, AnswerType } from '../../spec/answer.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { resolveDataDir } from '../data-dir.js';
import type { Task } from '../task.js';
import { parseBbhPrompt } from './bbh-prompt.js';
import { optionLetters } from './choices.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonArrayRecords, readDataFile, RecordProblem } from './records.js';

/** The 27 task files and each one's answer type. */
export const BBH_TASKS = {
  boolean_expressions: 'text',
  causal_judgement: 'yes-no',
  date_understanding: 'choice',
  disambiguation_qa: 'choice',
  dyck_languages: 'text',
  formal_fallacies: 'text',
  geometric_shapes: 'choice',
  hyperbaton: 'choice',
  logical_deduction_five_objects: 'choice',
  logical_deduction_seven_objects: 'choice',
  logical_deduction_three_objects: 'choice',
  movie_recommendation: 'choice',
  multistep_arithmetic_two: 'number',
  navigate: 'yes-no',
  object_counting: 'number',
  penguins_in_a_table: 'choice',
  reasoning_about_colored_objects: 'choice',
  ruin_names: 'choice',
  salient_translation_error_detection: 'choice',
  snarks: 'choice',
  sports_understanding: 'yes-no',
  temporal_sequences: 'choice',
  tracking_shuffled_objects_five_objects: 'choice',
  tracking_shuffled_objects_seven_objects: 'choice',
  tracking_shuffled_objects_three_objects: 'choice',
  web_of_lies: 'yes-no',
  word_sorting: 'text',
} as const satisfies Readonly<Record<string, Exclude<AnswerType, 'math'>>>;

export type BbhTaskName = keyof typeof BBH_TASKS;

const exampleSchema = z.object({ input: z.string().min(1), target: z.string().trim().min(1) });

const TEXT: AnswerSpec = { type: 'text' };

/** The option letters an input lists, one per line `(A) …`, in order; they must run A, B, C, ... */
export function inputLetters(input: string): string[] {
  const letters = [...input.matchAll(/^\(([A-Z])\)/gmu)].map((m) => m[1] ?? '');
  const expected = optionLetters(letters.length);
  if (letters.some((letter, i) => letter !== expected[i])) {
    throw new RecordProblem(`lists options ${letters.join(', ')}; expected A, B, C, ... in order`, ['input']);
  }
  return letters;
}

function choiceOrText(input: string, target: string): { spec: AnswerSpec; gold: string } {
  const letter = /^\(([A-Z])\)$/u.exec(target)?.[1];
  if (letter === undefined) return { spec: TEXT, gold: goldAnswer(target, TEXT, ['target']) };
  const letters = inputLetters(input);
  if (!letters.includes(letter)) throw new RecordProblem(`gold ${target} is not among the input's options ${letters.join(', ') || '(none)'}`, ['target']);
  return { spec: { type: 'choice', letters }, gold: letter };
}

export const bbhPromptFile = (task: BbhTaskName): string => `bbh/cot-prompts/${task}.txt`;

function bbhItem(answerType: (typeof BBH_TASKS)[BbhTaskName], input: string, target: string): { spec: AnswerSpec; gold: string } {
  if (answerType === 'choice') return choiceOrText(input, target);
  const spec: AnswerSpec = { type: answerType };
  return { spec, gold: goldAnswer(target, spec, ['target']) };
}

/** The prompt file under the data dir that resolveDataDir() finds, for Task.exemplars. */
function readDefaultPrompt(task: BbhTaskName, answerType: AnswerType): ExemplarSet {
  const dataDir = resolveDataDir();
  const file = path.join(dataDir, ...bbhPromptFile(task).split('/'));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const message = `cannot read BBH prompt ${file}: ${String(error)}. The data dir is ${dataDir}; set it with the dataDir option or the CONCORD_DATA_DIR variable`;
    throw new InvalidArgumentError([{ path: ['dataDir'], message }], { cause: error });
  }
  return parseBbhPrompt(text, task, answerType, file);
}

function bbhTask(task: BbhTaskName): Task {
  const answerType = BBH_TASKS[task];
  let defaultSet: ExemplarSet | undefined;
  const defined = defineDataset({
    name: `bbh/${task}`,
    description: `BIG-Bench Hard ${task.replaceAll('_', ' ')} (Suzgun et al. 2022); ${answerType} answers, 3-shot CoT prompt from the data dir.`,
    answerType,
    files: { test: `bbh/bbh/${task}.json` },
    async read(file, options) {
      const prompt = await readDataFile(options.dataDir, bbhPromptFile(task));
      const exemplars = parseBbhPrompt(prompt.text, task, answerType, prompt.path);
      const loaded = collectItems(
        file,
        jsonArrayRecords(file, ['examples']),
        exampleSchema,
        (example, raw) => {
          const { spec, gold } = bbhItem(answerType, example.input, example.target);
          return { id: raw.ref, question: example.input, answer: gold, answerSpec: spec };
        },
        options,
      );
      return { ...loaded, exemplars };
    },
  });
  return {
    ...defined,
    /** The prompt of the default data dir (resolveDataDir()), read on first use; LoadedTask.exemplars follows `dataDir`. */
    get exemplars(): ExemplarSet {
      defaultSet ??= readDefaultPrompt(task, answerType);
      return defaultSet;
    },
    load: (options) => defined.load(options),
  };
}

export const bbhTasks: readonly Task[] = (Object.keys(BBH_TASKS) as BbhTaskName[]).map(bbhTask);
