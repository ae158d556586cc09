/**
 * The selection step of universal self-consistency (Chen et al. 2023): the prompt that lists the k sampled
 * responses and asks which is the most consistent (data/prompts/universal-self-consistency.json), the parser of
 * the model's choice, and the rule that decides whether the selection call is made at all.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AnswerType, VoteOutcome } from '../../spec/answer.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { fillTemplate, promptsDataDir, zodIssues } from '../../prompts/index.js';

export const uscPromptFile: string = path.join(promptsDataDir, 'universal-self-consistency.json');

const uscFileSchema = z.looseObject({
  id: z.string().min(1),
  selection_prompt: z.string().includes('{question}').includes('{responses}'),
  response_template: z.string().includes('{index}').includes('{response}'),
  response_separator: z.string(),
  first_index: z.int().min(0),
  completion_primer: z.string(),
  stop: z.array(z.string().min(1)),
});

export interface UscPrompt {
  readonly id: string;
  /** "I have generated the following responses to the question: {question}\n\n{responses}\n\nEvaluate ..." */
  readonly selectionPrompt: string;
  /** "Response {index}: {response}" */
  readonly responseTemplate: string;
  readonly responseSeparator: string;
  /** The number of the first response (0, as the paper). */
  readonly firstIndex: number;
  /** Appended for completion models: "\n\nThe most consistent response is Response". */
  readonly primer: string;
  readonly stop: readonly string[];
}

let cached: Promise<UscPrompt> | undefined;

/** Reads (once) the shipped universal-self-consistency.json. */
export function loadUscPrompt(): Promise<UscPrompt> {
  cached ??= readUscPrompt(uscPromptFile);
  cached.catch(() => (cached = undefined));
  return cached;
}

async function readUscPrompt(file: string): Promise<UscPrompt> {
  const parsed = uscFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error, [], ` (${file})`));
  const data = parsed.data;
  return {
    id: data.id,
    selectionPrompt: data.selection_prompt,
    responseTemplate: data.response_template,
    responseSeparator: data.response_separator,
    firstIndex: data.first_index,
    primer: data.completion_primer,
    stop: data.stop,
  };
}

/** The selection call's prompt: the question, every response numbered from `firstIndex`, the instruction, the primer. */
export function uscSelectionPrompt(prompt: UscPrompt, question: string, responses: readonly string[]): string {
  const listed = responses
    .map((response, i) => fillTemplate(prompt.responseTemplate, { index: String(prompt.firstIndex + i), response: response.trim() }))
    .join(prompt.responseSeparator);
  return fillTemplate(prompt.selectionPrompt, { question, responses: listed }) + prompt.primer;
}

/** How a choice was read: the paper's sentence, a "Response N" label elsewhere, or a bare leading number. */
export type SelectionRule = 'consistent-phrase' | 'response-label' | 'leading-number';

export type ParsedSelection =
  | { readonly index: number; readonly rule: SelectionRule }
  | { readonly index: null; readonly reason: 'no-choice' | 'out-of-range'; readonly named?: number };

const NUMBER_WORDS: readonly string[] = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const NUMBER = String.raw`(\d+|${NUMBER_WORDS.join('|')})\b`;
const PHRASE_RE = new RegExp(String.raw`most\s+consistent\s+response\s+is\s*:?\s*(?:response\s*)?(?:number\s*)?#?\s*${NUMBER}`, 'i');
const LABEL_RE = new RegExp(String.raw`\bresponse\s*(?:number\s*)?#?\s*${NUMBER}`, 'i');
// Digits only: a continuation opening "one of them ..." names no response.
const LEADING_RE = /^[\s:#([*"'-]*(\d+)\b/;

function toNumber(token: string): number {
  const word = NUMBER_WORDS.indexOf(token.toLowerCase());
  return word >= 0 ? word : Number(token);
}

export interface ParseSelectionOptions {
  /** What the prompt ended with, read before the completion ("… is Response" + " 3"). @default '' */
  readonly primer?: string;
  /** The number of the first response. @default 0 */
  readonly firstIndex?: number;
}

/**
 * The response a selection completion names, as a position 0..count-1 in the list. The rules, in order:
 * (1) the paper's sentence "the most consistent response is Response 3" (also "… is #3", "… is Response three"),
 * read in primer + completion, its first occurrence; (2) else the first "Response 3" / "response #3" there;
 * (3) else a number the completion itself opens with ("3", " #3.", "(3)"), for a model that answers with the
 * bare number. The first rule that finds a number decides: a number outside the list is `out-of-range`, never
 * mapped to another response (a model numbering from 1 would otherwise be read one off).
 */
export function parseSelection(completion: string, count: number, options: ParseSelectionOptions = {}): ParsedSelection {
  const firstIndex = options.firstIndex ?? 0;
  const primed = (options.primer ?? '') + completion;
  const attempts: readonly [SelectionRule, RegExp, string][] = [
    ['consistent-phrase', PHRASE_RE, primed],
    ['response-label', LABEL_RE, primed],
    ['leading-number', LEADING_RE, completion],
  ];
  for (const [rule, pattern, text] of attempts) {
    const token = pattern.exec(text)?.[1];
    if (token === undefined) continue;
    const named = toNumber(token);
    const index = named - firstIndex;
    if (Number.isSafeInteger(index) && index >= 0 && index < count) return { index, rule };
    return { index: null, reason: 'out-of-range', named };
  }
  return { index: null, reason: 'no-choice' };
}

/** Why no selection call was made. */
export type NoSelectionReason = 'single-path' | 'no-answers' | 'unanimous' | 'answers-extracted';

/**
 * Whether the selection call is made, decided before it:
 * - `fallback: 'none'` is USC as the paper runs it: the selection call whenever there are two responses or more.
 * - `fallback: 'majority'` (the default) makes the call only where an exact vote cannot do the job:
 *   1. no path gave an answer: any choice would give none too (`no-answers`);
 *   2. every answering path gave the same answer: any choice gives it (`unanimous`);
 *   3. a non-text answer type (number, choice, yes-no, math) with MORE than half the paths answered: extraction
 *      works, and the exact vote is what the USC prompt approximates (Chen et al. 2023 propose USC for answers
 *      that cannot be extracted and compared, and report it matching SC where they can) (`answers-extracted`);
 *   4. otherwise (free text, or too few extracted answers for a vote to mean much): the selection call.
 * One path is always its own choice (`single-path`). `outcome` is the majority vote over the paths (answers
 * grouped as answersEqual groups them, so "18" and "18.0" are one answer).
 */
export function selectionPlan(
  pathCount: number,
  outcome: VoteOutcome,
  type: AnswerType,
  fallback: 'majority' | 'none',
): { readonly call: true } | { readonly call: false; readonly reason: NoSelectionReason } {
  if (pathCount < 2) return { call: false, reason: 'single-path' };
  if (fallback === 'none') return { call: true };
  const answered = pathCount - outcome.abstentions;
  if (answered === 0) return { call: false, reason: 'no-answers' };
  if (outcome.votes.length === 1) return { call: false, reason: 'unanimous' };
  if (type !== 'text' && answered * 2 > pathCount) return { call: false, reason: 'answers-extracted' };
  return { call: true };
}
