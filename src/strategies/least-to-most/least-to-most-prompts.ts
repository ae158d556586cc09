/**
 * Least-to-most prompt sets (Zhou et al. 2022): the file format (data/prompts/least-to-most-*.json), loading by id
 * or path, the two stages' prompts, and reading a decomposition.
 *
 * Stage 1, decomposition: `Q: {question}\nA: {decomposition}` per exemplar, joined with "\n\n", then
 * `Q: {question}\nA:`; the model writes one line. Stage 2, one call per sub-question: per exemplar its block
 * (the problem statement without its final question, if any; then `Q: {sub-question}\nA: {answer}` per step),
 * then the same block for the question at hand with the sub-questions solved so far and `Q: {next}\nA:`.
 * (The prefixes and separators come from the set's `format`.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AnswerType } from '../../spec/answer.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { checkExemplarCount, fillTemplate, promptsDataDir, unknownNameMessage, zodIssues } from '../../prompts/index.js';

/** Set id → file under data/prompts. */
export const leastToMostSetFiles = {
  'concord-l2m-letters': 'least-to-most-letters.json',
  'concord-l2m-arithmetic': 'least-to-most-arithmetic.json',
} as const satisfies Readonly<Record<string, string>>;

export type LeastToMostSetId = keyof typeof leastToMostSetFiles;
export const leastToMostSetIds: readonly LeastToMostSetId[] = Object.keys(leastToMostSetFiles) as LeastToMostSetId[];

/**
 * The set used when none is named: letters for text, arithmetic for every other type (only these two ship; a
 * yes-no or choice question gets the arithmetic set and the warning that it teaches number answers).
 */
export const defaultLeastToMostSets: Readonly<Record<AnswerType, LeastToMostSetId>> = {
  text: 'concord-l2m-letters',
  number: 'concord-l2m-arithmetic',
  math: 'concord-l2m-arithmetic',
  'yes-no': 'concord-l2m-arithmetic',
  choice: 'concord-l2m-arithmetic',
};

const stepSchema = z.looseObject({
  question: z.string().min(1),
  /** The whole answer line, reasoning and answer sentence. */
  answer: z.string().min(1),
});

const exemplarSchema = z.looseObject({
  question: z.string().min(1),
  /** What follows "A: " in the decomposition prompt: one line. */
  decomposition: z.string().min(1),
  /** The sub-questions in order, each with its answer; the last is the question itself. */
  steps: z.array(stepSchema).min(1),
  /** The bare final answer. */
  answer: z.string().min(1),
});

const formatSchema = z.looseObject({
  question_prefix: z.string(),
  /** Before an answer; the open prompt ends with it trimmed ("A:"), so the model's text starts with the space. */
  answer_prefix: z.string(),
  /** Between a question and its answer, and between the lines of a solution block. */
  line_separator: z.string().min(1),
  /** Between exemplars, and before the question at hand. */
  separator: z.string().min(1),
  /**
   * How a decomposition lists its sub-problems: 'list', every quoted string in order (the letters prompt:
   * `"Elon", "Elon Musk"`); 'to-solve', the first quoted string is the question to solve and the ones after it
   * the sub-questions (`To solve "X", we need to first solve: "Y", then "Z".`).
   */
  decomposition_form: z.enum(['list', 'to-solve']),
  /** A sub-problem as asked in stage 2, e.g. `Take the last letters of the words in "{subproblem}" ...`. */
  subquestion_template: z.string().includes('{subproblem}', { message: 'must contain {subproblem}' }),
  decomposition_stop: z.array(z.string().min(1)),
  solution_stop: z.array(z.string().min(1)),
  /** The answer of a solution line is read after the last occurrence of this phrase. */
  answer_phrase: z.string().min(1),
});

export const leastToMostSetSchema = z
  .looseObject({
    id: z.string().min(1),
    method: z.string().optional(),
    paper: z.string().optional(),
    source: z.record(z.string(), z.unknown()).optional(),
    benchmarks: z.array(z.string()).optional(),
    answer_type: z.enum(['number', 'choice', 'yes-no', 'text', 'math']),
    format: formatSchema,
    num_exemplars: z.int().nonnegative().optional(),
    exemplars: z.array(exemplarSchema).min(1),
    notes: z.string().optional(),
  })
  .superRefine((set, context) => {
    checkExemplarCount(set, context);
    // A stop inside an exemplar's line would teach the model a line it can never finish.
    set.exemplars.forEach((exemplar, i) => {
      const lines: [string, string, readonly string[]][] = [
        ['decomposition', exemplar.decomposition, set.format.decomposition_stop],
        ...exemplar.steps.map((step, j): [string, string, readonly string[]] => [`steps.${j}.answer`, step.answer, set.format.solution_stop]),
      ];
      for (const [where, text, stops] of lines) {
        const stop = stops.find((s) => text.includes(s));
        if (stop !== undefined) {
          context.addIssue({ code: 'custom', path: ['exemplars', i, ...where.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))], message: `contains the stop sequence ${JSON.stringify(stop)}` });
        }
      }
    });
  });

export type LeastToMostSet = z.output<typeof leastToMostSetSchema>;
export type LeastToMostExemplar = LeastToMostSet['exemplars'][number];

export function isLeastToMostSetId(ref: string): ref is LeastToMostSetId {
  return Object.hasOwn(leastToMostSetFiles, ref);
}

export function leastToMostSetFile(id: LeastToMostSetId): string {
  return path.join(promptsDataDir, leastToMostSetFiles[id]);
}

const builtinCache = new Map<string, Promise<LeastToMostSet>>();

/** A shipped set by id (read once), or a user's file by a path ending in .json (read each time). */
export async function loadLeastToMostSet(ref: string, issuePath: readonly (string | number)[] = ['exemplars']): Promise<LeastToMostSet> {
  if (ref.toLowerCase().endsWith('.json')) return readLeastToMostSet(path.resolve(ref), issuePath);
  if (!isLeastToMostSetId(ref)) {
    throw new InvalidArgumentError([{ path: issuePath, message: unknownNameMessage('least-to-most set', ref, leastToMostSetIds) }]);
  }
  const file = leastToMostSetFile(ref);
  let cached = builtinCache.get(file);
  if (cached === undefined) {
    cached = readLeastToMostSet(file, issuePath);
    builtinCache.set(file, cached);
    cached.catch(() => builtinCache.delete(file));
  }
  return cached;
}

async function readLeastToMostSet(file: string, issuePath: readonly (string | number)[]): Promise<LeastToMostSet> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError([{ path: issuePath, message: `cannot read least-to-most set ${file}: ${reason}` }], { cause: error });
  }
  return parseLeastToMostSet(json, file);
}

/** Checks a parsed JSON value against the format; every bad field is reported at once, naming `source`. */
export function parseLeastToMostSet(value: unknown, source: string): LeastToMostSet {
  const parsed = leastToMostSetSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error, [], ` (least-to-most set ${source})`));
  return parsed.data;
}

/**
 * A question split into the statement and the question asked: the asked question is its last sentence when that
 * ends in "?" ("Tom has 5 apples. He buys 3 more. How many apples does Tom have now?"); otherwise (an instruction
 * such as the letters question) the whole text is asked and there is no statement.
 */
export function splitQuestion(question: string): { readonly context: string; readonly asked: string } {
  const text = question.trim();
  // Anchored at the end, so the asked sentence is the text's tail.
  const tail = /(?:^|[.!?]\s+)([^.!?]*\?)$/.exec(text)?.[1];
  if (tail === undefined || tail.trim() === '') return { context: '', asked: text };
  return { context: text.slice(0, text.length - tail.length).trim(), asked: tail.trim() };
}

/** The stage-1 prompt. */
export function decompositionPrompt(set: LeastToMostSet, question: string): string {
  const f = set.format;
  const shots = set.exemplars.map((e) => f.question_prefix + e.question + f.line_separator + f.answer_prefix + e.decomposition);
  return [...shots, f.question_prefix + question + f.line_separator + f.answer_prefix.trimEnd()].join(f.separator);
}

export interface SolvedStep {
  readonly question: string;
  /** The answer line as the model wrote it, trimmed. */
  readonly answer: string;
}

function solutionBlock(set: LeastToMostSet, question: string, steps: readonly SolvedStep[]): string[] {
  const f = set.format;
  const { context } = splitQuestion(question);
  return [
    ...(context === '' ? [] : [context]),
    ...steps.flatMap((step) => [f.question_prefix + step.question, f.answer_prefix + step.answer]),
  ];
}

/** The stage-2 prompt for the next sub-question, after the ones solved so far (earlier answers in context). */
export function solutionPrompt(set: LeastToMostSet, question: string, solved: readonly SolvedStep[], next: string): string {
  const f = set.format;
  const shots = set.exemplars.map((e) => solutionBlock(set, e.question, e.steps).join(f.line_separator));
  const open = [...solutionBlock(set, question, solved), f.question_prefix + next, f.answer_prefix.trimEnd()].join(f.line_separator);
  return [...shots, open].join(f.separator);
}

/** What the path shows for one sub-question before the model's answer: `\nQ: {sub-question}\nA:`. */
export function stepJoint(set: LeastToMostSet, subquestion: string): string {
  const f = set.format;
  return f.line_separator + f.question_prefix + subquestion + f.line_separator + f.answer_prefix.trimEnd();
}

export interface Decomposition {
  /** The sub-questions to ask, in order; the last is always the question asked. */
  readonly subquestions: readonly string[];
  /** False when the decomposition gave no usable sub-problem: the question is then asked directly. */
  readonly parsed: boolean;
  /** Sub-problems dropped past `maxSubquestions`. */
  readonly dropped: number;
  /** 'list' form: quoted strings that are not part of the question, ignored as noise. */
  readonly ignored: number;
}

const QUOTED_RE = /"([^"\n]*)"|“([^”\n]*)”/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `part` occurs in `whole` as whole words (case and spacing ignored). */
function occursIn(part: string, whole: string): boolean {
  const words = part.split(/\s+/).filter(Boolean).map(escapeRegExp);
  return words.length > 0 && new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu').test(whole);
}

/**
 * Reads a decomposition robustly: the quoted strings ("…" or “…”) in order, each trimmed of spaces and of stray
 * commas, semicolons and colons at its ends. 'list' form: the sub-problems are parts of the question (the letters
 * prompt lists prefixes of the name), so a string that does not occur in the question as whole words is noise and
 * ignored (`"White"` for "Maria Lopez"). 'to-solve' form: the first string, when the text opens with it
 * (`To solve "X", ...`), is the target and not a sub-question. Empty strings and repeats are dropped, and so is
 * any sub-question equal (ignoring case and spacing) to the question asked, which is always asked last. Text
 * outside the quotes (`we need to first solve:`, trailing remarks) is ignored. Nothing usable is a failed
 * decomposition: the question is then asked directly. (A target alone, or a list of the whole name only, is a
 * decomposition into nothing smaller: the question is asked directly too, and it counts as parsed.)
 */
export function parseDecomposition(set: LeastToMostSet, question: string, text: string, maxSubquestions: number): Decomposition {
  const { asked } = splitQuestion(question);
  const same = (a: string): string => a.replace(/\s+/g, ' ').trim().toLowerCase();
  let quoted = [...text.matchAll(QUOTED_RE)]
    .map((m) => ({ at: m.index, text: (m[1] ?? m[2] ?? '').replace(/^[\s,;:]+|[\s,;:]+$/g, '') }))
    .filter((q) => q.text !== '');
  let ignored = 0;
  if (set.format.decomposition_form === 'list') {
    const kept = quoted.filter((q) => occursIn(q.text, question));
    ignored = quoted.length - kept.length;
    quoted = kept;
  }
  const parsed = quoted.length > 0;
  const first = quoted[0];
  if (set.format.decomposition_form === 'to-solve' && first !== undefined && /\bsolve\s*$/i.test(text.slice(0, first.at))) quoted.shift();
  const seen = new Set([same(asked)]);
  const subproblems: string[] = [];
  for (const { text: item } of quoted) {
    const subquestion = fillTemplate(set.format.subquestion_template, { subproblem: item });
    if (seen.has(same(subquestion))) continue;
    seen.add(same(subquestion));
    subproblems.push(subquestion);
  }
  const kept = subproblems.slice(0, maxSubquestions);
  return { subquestions: [...kept, asked], parsed, dropped: subproblems.length - kept.length, ignored };
}
