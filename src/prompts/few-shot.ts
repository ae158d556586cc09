/**
 * Few-shot prompts as data/prompts/SOURCES.md assembles them (the lm-evaluation-harness gsm8k-cot layout):
 * `Q: {q}\nA: {answer text}` per exemplar in file order, joined with "\n\n", then `\n\nQ: {question}\nA:`.
 * The separators and prefixes come from the set's `format`, so a user's set may change them.
 */
import type { ChatMessage } from '../spec/model.js';
import type { Exemplar, ExemplarFormat, ExemplarSet } from './exemplar-set-schema.js';
import { fillTemplate } from './template.js';

/** `cot`: the exemplars' reasoning and answer; `direct`: the answer only (standard few-shot prompting). */
export type FewShotStyle = 'cot' | 'direct';

/**
 * The answer phrase of direct exemplars: ZS-CoT's Few-shot baseline prints them as "A: The answer is 8."
 * (Kojima et al. 2022, Table 16); without a rationale before it, a set's "So the answer is" loses its "So".
 */
export const DIRECT_ANSWER_PHRASE = 'The answer is';

export interface FewShotOptions {
  /** @default 'cot' */
  readonly style?: FewShotStyle;
}

/** What follows the answer prefix for one exemplar. */
export function exemplarAnswerText(format: ExemplarFormat, exemplar: Exemplar, style: FewShotStyle = 'cot'): string {
  if (style === 'cot') return exemplar.full_answer_text;
  const filled = fillTemplate(format.answer_template, { answer: exemplar.answer });
  const at = filled.indexOf(format.answer_phrase);
  // "So the answer is (b)." → "The answer is (b).": keep the set's answer rendering (the parentheses), drop the connective.
  return at < 0 ? filled : DIRECT_ANSWER_PHRASE + filled.slice(at + format.answer_phrase.length);
}

/** The text prompt for a completion model. `question` is already formatted as the set's exemplars are. */
export function buildFewShotPrompt(set: ExemplarSet, question: string, options: FewShotOptions = {}): string {
  const format = set.format;
  const shots = set.exemplars.map(
    (exemplar) =>
      format.question_prefix +
      exemplar.question +
      format.question_answer_separator +
      format.answer_prefix +
      exemplarAnswerText(format, exemplar, options.style),
  );
  return shots.join(format.separator) + format.separator + fillTemplate(format.test_prompt_suffix, { question });
}

/**
 * The same exemplars as chat turns, for chat models: per exemplar a user turn with the question and an assistant
 * turn with the answer text, then the test question. The "Q: "/"A: " prefixes are left out: the roles say who speaks.
 */
export function buildFewShotChat(set: ExemplarSet, question: string, options: FewShotOptions = {}): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const exemplar of set.exemplars) {
    messages.push({ role: 'user', content: exemplar.question });
    messages.push({ role: 'assistant', content: exemplarAnswerText(set.format, exemplar, options.style) });
  }
  messages.push({ role: 'user', content: question });
  return messages;
}

export interface FewShotPrompt {
  readonly prompt: string | readonly ChatMessage[];
  /** The set's stop sequences. */
  readonly stop: readonly string[];
  /** Read the answer after the last occurrence of this phrase. */
  readonly answerPhrase: string;
}

/** The prompt, stops and answer phrase for one question, as text or (with `chat`) as chat turns. */
export function fewShotPrompt(
  set: ExemplarSet,
  question: string,
  options: FewShotOptions & { readonly chat?: boolean } = {},
): FewShotPrompt {
  const style = options.style ?? 'cot';
  return {
    prompt: options.chat === true ? buildFewShotChat(set, question, { style }) : buildFewShotPrompt(set, question, { style }),
    stop: set.format.stop,
    answerPhrase: style === 'cot' ? set.format.answer_phrase : DIRECT_ANSWER_PHRASE,
  };
}
