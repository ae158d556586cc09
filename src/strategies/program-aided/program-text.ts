/**
 * From exemplars to a PAL prompt, from a completion to the program it is, and from a program's outcome to a path's
 * answer. The prompt ends inside `function solution() {` (the code prefix), so a completion is normally the body.
 */
import { normaliseAnswer } from '../../answers/index.js';
import { canonicalFromNumber } from '../../answers/number.js';
import type { AnswerSpec } from '../../spec/answer.js';
import { buildFewShotPrompt, type ExemplarFormat, type ExemplarSet } from '../../prompts/index.js';
import type { ProgramOutcome, ProgramValue } from './sandbox.js';

export interface ProgramPrompt {
  readonly prompt: string;
  readonly stop: readonly string[];
  /** The code the prompt ends with, which the completion continues (`function solution() {\n`). */
  readonly codePrefix: string;
}

/** PAL's layout: each exemplar's question, then its program (`rationale`), never the answer comment after it. */
export function programPrompt(set: ExemplarSet, question: string): ProgramPrompt {
  const programs = { ...set, exemplars: set.exemplars.map((exemplar) => ({ ...exemplar, full_answer_text: exemplar.rationale ?? exemplar.full_answer_text })) };
  return { prompt: buildFewShotPrompt(programs, question, { style: 'cot' }), stop: set.format.stop, codePrefix: codePrefix(set.format) };
}

/** Whether every exemplar shows a solution() program (a chain-of-thought set does not). */
export function showsPrograms(set: ExemplarSet): boolean {
  return set.exemplars.every((exemplar) => SOLUTION_DEFINITION.test(exemplar.rationale ?? exemplar.full_answer_text));
}

const SOLUTION_DEFINITION = /\bfunction\s+solution\s*\(|\b(?:const|let|var)\s+solution\s*=/;

/** What the test prompt has after its answer prefix: the start of the program the model is to finish. */
function codePrefix(format: ExemplarFormat): string {
  const suffix = format.test_prompt_suffix;
  const question = suffix.indexOf('{question}') + '{question}'.length;
  const at = suffix.lastIndexOf(format.answer_prefix);
  return at >= question ? suffix.slice(at + format.answer_prefix.length) : '';
}

/**
 * The program a completion stands for. A fenced block (a chat model's habit) is taken alone. A completion that
 * defines solution() itself (fenced, or starting with `function solution(`) is the whole program. Otherwise it is
 * the body after `codePrefix`: cut at the first closing brace in column 0, as the `\n}` stop would (a backend may
 * ignore stops), and closed.
 */
export function programFromCompletion(prefix: string, text: string): string {
  const fenced = /```[\w-]*[^\S\n]*\n([\s\S]*?)(?:```|$)/.exec(text)?.[1];
  const code = fenced ?? text;
  if (/^\s*(?:async\s+)?function\s+solution\s*\(/.test(code) || (fenced !== undefined && SOLUTION_DEFINITION.test(code))) return code;
  const open = count(prefix, '{') - count(prefix, '}');
  if (open <= 0) return prefix + code;
  const end = code.indexOf('\n}');
  return prefix + (end < 0 ? code : code.slice(0, end)) + '\n}'.repeat(open);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** A path's answer from its program: the rule names how (or, for an abstention, why not); `warning` records a failure. */
export interface ProgramReading {
  readonly answer: string | null;
  readonly rule: string | null;
  readonly warning?: string;
}

/**
 * A failed program abstains with rule `program-<kind>` (`program-timeout`, ...); `null` returned abstains with
 * rule null (the program says it has no answer); a value that is no answer of the type abstains with rule
 * `program-wrong-type`; otherwise the normalised value, rule `program`.
 */
export function readOutcome(outcome: ProgramOutcome, spec: AnswerSpec): ProgramReading {
  if (!outcome.ok) return { answer: null, rule: `program-${outcome.error.kind}`, warning: `program ${outcome.error.kind}: ${outcome.error.message}` };
  if (outcome.value === null) return { answer: null, rule: null };
  const raw = rawAnswer(outcome.value, spec);
  const answer = raw === null ? null : normaliseAnswer(raw, spec);
  if (answer === null) {
    return { answer: null, rule: 'program-wrong-type', warning: `solution() returned ${JSON.stringify(outcome.value)}, which is no ${spec.type} answer` };
  }
  return { answer, rule: 'program' };
}

function rawAnswer(value: Exclude<ProgramValue, null>, spec: AnswerSpec): string | null {
  if (typeof value === 'number') return canonicalFromNumber(value);
  if (typeof value === 'boolean') return spec.type === 'yes-no' ? (value ? 'yes' : 'no') : String(value);
  return value;
}
