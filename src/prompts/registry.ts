/** The shipped exemplar sets by id, the default set per answer type, and loading a set by id or file path. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnswerType } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { unknownNameMessage } from './did-you-mean.js';
import { promptsDataDir } from './data-dir.js';
import { parseExemplarSet, type ExemplarSet } from './exemplar-set-schema.js';

/** Set id → file under data/prompts, as in the table of data/prompts/SOURCES.md. */
export const exemplarSetFiles = {
  'wei2022-math-annotator-a': 'cot-wei2022/gsm8k-8shot.json',
  'wei2022-math-annotator-b': 'cot-wei2022/gsm8k-8shot-annotator-b.json',
  'wei2022-math-annotator-c': 'cot-wei2022/gsm8k-8shot-annotator-c.json',
  'wei2022-aqua': 'cot-wei2022/aqua-4shot.json',
  'wei2022-last-letter-concatenation': 'cot-wei2022/last-letter-concatenation-4shot.json',
  'wei2022-coin-flip': 'cot-wei2022/coin-flip-8shot.json',
  'wei2022-csqa': 'cot-wei2022/csqa-7shot.json',
  'wei2022-strategyqa': 'cot-wei2022/strategyqa-6shot.json',
  'wei2022-date-understanding': 'cot-wei2022/date-understanding-6shot.json',
  'wei2022-sports-understanding': 'cot-wei2022/sports-understanding-8shot.json',
  'wang2022-sc-aqua': 'self-consistency-wang2022/aqua-4shot.json',
  'wang2022-sc-arc': 'self-consistency-wang2022/arc-4shot.json',
  'wang2022-sc-math': 'self-consistency-wang2022/math-8shot.json',
  'concord-arithmetic': 'concord/arithmetic-4shot.json',
  'concord-pal-arithmetic': 'concord/pal-arithmetic.json',
} as const satisfies Readonly<Record<string, string>>;

export type ExemplarSetId = keyof typeof exemplarSetFiles;

export const exemplarSetIds: readonly ExemplarSetId[] = Object.keys(exemplarSetFiles) as ExemplarSetId[];

/**
 * The set used when none is named. number: the CoT paper's main math set (GSM8K, SVAMP, ...); choice:
 * CommonsenseQA, general-knowledge questions with five options (a)-(e) (AQuA's set is better for math choices);
 * yes-no: StrategyQA; text: last-letter concatenation, the only free-text set.
 */
export const defaultExemplarSets: Readonly<Record<AnswerType, ExemplarSetId>> = {
  number: 'wei2022-math-annotator-a',
  choice: 'wei2022-csqa',
  'yes-no': 'wei2022-strategyqa',
  text: 'wei2022-last-letter-concatenation',
  // No MATH (LaTeX) exemplar set ships; the arithmetic set is the nearest.
  math: 'wei2022-math-annotator-a',
};

/**
 * The set for a question when none is named: the coin-flip set for the coin-flip task's questions ("A coin is heads
 * up. …", which the yes-no default, StrategyQA, does not resemble), otherwise the answer type's default.
 */
export function exemplarSetFor(question: string, answerType: AnswerType): ExemplarSetId {
  if (answerType === 'yes-no' && /^A coin is heads up\./.test(question.trim())) return 'wei2022-coin-flip';
  return defaultExemplarSets[answerType];
}

export function isExemplarSetId(ref: string): ref is ExemplarSetId {
  return Object.hasOwn(exemplarSetFiles, ref);
}

/** A reference ending in `.json` is a file path (relative to the working directory); anything else is a set id. */
export function isExemplarSetPath(ref: string): boolean {
  return ref.toLowerCase().endsWith('.json');
}

export interface LoadExemplarSetOptions {
  /** The path of an unknown id or unreadable file, e.g. `["exemplars"]` for a strategy option. */
  readonly issuePath?: readonly (string | number)[];
}

/** The absolute file of a shipped set; an unknown id is an InvalidArgumentError with a "did you mean". */
export function exemplarSetFile(id: string, options: LoadExemplarSetOptions = {}): string {
  if (!isExemplarSetId(id)) {
    throw new InvalidArgumentError([
      { path: options.issuePath ?? [], message: unknownNameMessage('exemplar set', id, exemplarSetIds) },
    ]);
  }
  return path.join(promptsDataDir, exemplarSetFiles[id]);
}

// Shipped sets never change while the process runs; users' files are read again each time (they may be edited).
const builtinCache = new Map<string, Promise<ExemplarSet>>();

/** Loads a shipped set by id, or a user's file by path (ending in .json). */
export async function loadExemplarSet(ref: string, options: LoadExemplarSetOptions = {}): Promise<ExemplarSet> {
  if (isExemplarSetPath(ref)) return readExemplarSetFile(path.resolve(ref), options);
  const file = exemplarSetFile(ref, options);
  let cached = builtinCache.get(file);
  if (cached === undefined) {
    cached = readExemplarSetFile(file, options);
    builtinCache.set(file, cached);
    cached.catch(() => builtinCache.delete(file));
  }
  return cached;
}

export async function readExemplarSetFile(file: string, options: LoadExemplarSetOptions = {}): Promise<ExemplarSet> {
  const issuePath = options.issuePath ?? [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new InvalidArgumentError([{ path: issuePath, message: `cannot read exemplar set ${file}: ${reason}` }], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError([{ path: issuePath, message: `exemplar set ${file} is not valid JSON: ${reason}` }], {
      cause: error,
    });
  }
  // Field paths inside the file stay as they are; each message names the file.
  return parseExemplarSet(json, file);
}
