/**
 * Zero-shot-CoT (Kojima et al. 2022) from data/prompts/zero-shot-cot.json: the reasoning trigger, the answer
 * trigger per answer type, and its two prompt templates (`prompt_assembly`). Two calls per question:
 * call 1 `Q: {question}\nA: Let's think step by step.`; call 2 = call-1 prompt + z as generated + " \n" + trigger.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AnswerSpec, AnswerType } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { promptsDataDir } from './data-dir.js';
import { zodIssues } from './exemplar-set-schema.js';
import { fillTemplate } from './template.js';

export const ZERO_SHOT_COT_ID = 'kojima2022-zero-shot-cot';
export const zeroShotCotFile: string = path.join(promptsDataDir, 'zero-shot-cot.json');

// Only the fields the prompts need; the file holds much more (tables, results), kept for people, not code.
const zeroShotCotFileSchema = z.looseObject({
  id: z.string(),
  reasoning_trigger: z.string().min(1),
  prompt_assembly: z.looseObject({
    reasoning_prompt: z.string().includes('{question}').includes('{reasoning_trigger}'),
    answer_prompt: z.string().includes('{reasoning_prompt}').includes('{generated_reasoning}').includes('{answer_trigger}'),
    stop: z.array(z.string().min(1)),
  }),
  answer_triggers_by_format: z.looseObject({
    number: z.string().min(1),
    multiple_choice: z.string().includes('{last_letter}'),
    yes_no: z.string().min(1),
    free_format: z.string().min(1),
  }),
});

export interface ZeroShotCotPrompts {
  readonly id: string;
  /** "Let's think step by step." */
  readonly reasoningTrigger: string;
  /** "Q: {question}\nA: {reasoning_trigger}" */
  readonly reasoningPromptTemplate: string;
  /** "{reasoning_prompt}{generated_reasoning} \n{answer_trigger}" */
  readonly answerPromptTemplate: string;
  /** ["Q:"] (Appendix A.4), for both calls. */
  readonly stop: readonly string[];
  /** Per answer type; the choice trigger still holds `{last_letter}`. */
  readonly answerTriggers: Readonly<Record<AnswerType, string>>;
}

let cached: Promise<ZeroShotCotPrompts> | undefined;

/** Reads (once) the shipped zero-shot-cot.json. */
export function loadZeroShotCot(): Promise<ZeroShotCotPrompts> {
  cached ??= readZeroShotCot(zeroShotCotFile);
  cached.catch(() => (cached = undefined));
  return cached;
}

async function readZeroShotCot(file: string): Promise<ZeroShotCotPrompts> {
  const parsed = zeroShotCotFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error, [], ` (${file})`));
  const data = parsed.data;
  const triggers = data.answer_triggers_by_format;
  return {
    id: data.id,
    reasoningTrigger: data.reasoning_trigger,
    reasoningPromptTemplate: data.prompt_assembly.reasoning_prompt,
    answerPromptTemplate: data.prompt_assembly.answer_prompt,
    stop: data.prompt_assembly.stop,
    answerTriggers: {
      number: triggers.number,
      choice: triggers.multiple_choice,
      'yes-no': triggers.yes_no,
      text: triggers.free_format,
      math: triggers.free_format,
    },
  };
}

/**
 * The answer trigger for a question's answer type (Kojima Table 10): number "Therefore, the answer (arabic
 * numerals) is", choice "Therefore, among A through {last}, the answer is", yes-no "Therefore, the answer
 * (Yes or No) is", text "Therefore, the answer is".
 */
export function zeroShotCotAnswerTrigger(prompts: ZeroShotCotPrompts, spec: AnswerSpec): string {
  const trigger = prompts.answerTriggers[spec.type];
  if (spec.type !== 'choice') return trigger;
  const last = spec.letters.at(-1);
  if (last === undefined) throw new InvalidArgumentError([{ path: ['question', 'answer', 'letters'], message: 'a choice question needs letters' }]);
  return fillTemplate(trigger, { last_letter: last });
}

/** Call 1: `Q: {question}\nA: {reasoning trigger}`. */
export function zeroShotCotReasoningPrompt(
  prompts: ZeroShotCotPrompts,
  question: string,
  reasoningTrigger: string = prompts.reasoningTrigger,
): string {
  return fillTemplate(prompts.reasoningPromptTemplate, { question, reasoning_trigger: reasoningTrigger });
}

/** Call 2: the call-1 prompt + the reasoning exactly as generated (not trimmed) + " \n" + the answer trigger. */
export function zeroShotCotAnswerPrompt(
  prompts: ZeroShotCotPrompts,
  reasoningPrompt: string,
  reasoning: string,
  answerTrigger: string,
): string {
  return fillTemplate(prompts.answerPromptTemplate, {
    reasoning_prompt: reasoningPrompt,
    generated_reasoning: reasoning,
    answer_trigger: answerTrigger,
  });
}

/** What call 2 adds after the reasoning: " \n" + trigger, i.e. the answer template with the ends cut off. */
export function zeroShotCotAnswerJoint(prompts: ZeroShotCotPrompts, answerTrigger: string): string {
  // Render with empty prompt and reasoning, so the joint follows the template rather than a copy of " \n".
  return zeroShotCotAnswerPrompt(prompts, '', '', answerTrigger);
}
