/**
 * Answer extraction from model text.
 *
 * Order, both modes: for math only, the last `\boxed{…}` comes first (rule `boxed`). Then, if the text holds an
 * answer phrase, the text after its LAST occurrence is read, only its first sentence (to the end of the line or a
 * period before whitespace; see {@link textAfterLastPhrase} and firstSentence; for math, the math segment that
 * opens it where there is one). Otherwise, or when that reads nothing:
 * - 'completion' mode searches the whole text from the end with the type's fallbacks, in the order listed below;
 * - 'answer-only' mode takes the type's first match from the start (Kojima Table 11), of the text after the last
 *   answer phrase where there is one (so a caller may pass "… among A through E, the answer is (d)"), else of all of it.
 * Nothing found is an abstention, `{ answer: null, rule: null }`; extraction never throws for that, only for a bad
 * spec or bad options.
 *
 * Rules (the stable names reported in `ExtractedAnswer.rule`):
 * - `answer-phrase`: the answer read after the last answer phrase (any type).
 * - `first-number`: answer-only, number: the first number (Kojima drops commas and takes the first `-?\d+\.?\d*`;
 *   here commas count only as thousands separators and dates are not numbers, see number.ts).
 * - `last-number`: completion fallback, number: the last number in the text.
 * - `first-letter`: answer-only, choice: the first option letter in range, `(c)`, `C)`, `C`, or a leading `c`.
 * - `parenthesised-letter`: completion fallback 1, choice: the last wrapped letter in range, `(d)` / `[D]`.
 * - `last-capital-letter`: completion fallback 2, choice: the last bare upper-case letter in range, not the article
 *   `A` or the pronoun `I` before a word.
 * - `first-yes-no`: answer-only, yes-no: the first token yes/no (Kojima).
 * - `last-yes-no`: completion fallback, yes-no: the last yes/no word, skipping the determiner "no one".
 * - `first-sentence`: answer-only, text: the first sentence of the answer.
 * - `last-quoted`: completion fallback, text: the last double-quoted string. Text has no other fallback: any
 *   sentence is "a text answer", and voting reasoning fragments would be worse than abstaining.
 * - `boxed`: math, both modes, read BEFORE the answer phrase: the last `\boxed{…}` / `\fbox{…}` (braces nest), or
 *   `\boxed 5` without braces. A last box whose braces never close, or that is empty, abstains (no fallback).
 * - `answer-phrase` for math: the math segment right after the phrase (`The final answer is $\frac{1}{2}$.`), else
 *   the phrase's first sentence. Math's default phrases are {@link MATH_ANSWER_PHRASES}.
 * - `last-dollar`: completion fallback, math: the last `$…$` / `$$…$$` / `\(…\)` / `\[…\]`, only when nothing but
 *   punctuation follows it.
 * - `first-expression`: answer-only, math: the math segment the text opens with, else its first sentence.
 * A choice answer phrase followed by an option letter outside `spec.letters` (`The answer is (f).` for A–E)
 * abstains instead of falling back: that path gave an invalid answer, and another letter from its reasoning would
 * misreport it.
 */

import type { AnswerSpec, ExtractedAnswer } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { choiceFromTail, firstChoice, lastCapitalChoice, lastWrappedChoice, type TailChoice } from './choice.js';
import { boxedAnswer, lastDollarAnswer, leadingMath, type MathFind } from './math.js';
import { checkSpec } from './normalise.js';
import { firstNumber, lastNumber } from './number.js';
import { firstSentence, lastQuoted, normaliseText } from './text.js';
import { firstYesNo, lastYesNo } from './yes-no.js';

export interface ExtractOptions {
  /** Phrases after which the answer stands, e.g. the exemplars' convention. Matched case-sensitively, and not when a letter follows (`the answer isn't`). @default ["The answer is", "the answer is"] (covers "So the answer is"); for math {@link MATH_ANSWER_PHRASES} */
  readonly answerPhrases?: readonly string[];
  /** 'completion': a whole chain-of-thought text: the text after the LAST answer phrase first, then documented fallbacks searched from the end (last number, last option letter, last yes/no...).
   *  'answer-only': a short answer after an answer trigger (zero-shot-CoT's second call, Kojima Table 11): the first match from the start. @default 'completion' */
  readonly mode?: 'completion' | 'answer-only';
}

export const DEFAULT_ANSWER_PHRASES: readonly string[] = ['The answer is', 'the answer is'];

/** Math's default phrases: also Minerva's "Final Answer: The final answer is $X$. I hope it is correct." */
export const MATH_ANSWER_PHRASES: readonly string[] = [...DEFAULT_ANSWER_PHRASES, 'final answer is', 'Final answer is', 'Final Answer:', 'Final answer:'];

/** Every rule name {@link extractAnswer} reports; see the module comment for what each means. */
export const EXTRACTION_RULES = [
  'answer-phrase',
  'first-number',
  'last-number',
  'first-letter',
  'parenthesised-letter',
  'last-capital-letter',
  'first-yes-no',
  'last-yes-no',
  'first-sentence',
  'last-quoted',
  'boxed',
  'last-dollar',
  'first-expression',
] as const;

export type ExtractionRule = (typeof EXTRACTION_RULES)[number];

interface Fallback {
  readonly rule: ExtractionRule;
  readonly find: (text: string) => string | null;
}

/** How one answer type is read: before the phrase, after it, in answer-only mode, and the completion fallbacks in order. */
interface TypeReader {
  readonly phrases: readonly string[];
  /** Read first, in both modes, from the whole text; 'invalid' abstains. */
  readonly before?: { readonly rule: ExtractionRule; readonly find: (text: string) => MathFind };
  /** Reads the text after the last answer phrase (its first sentence, for every type but math). */
  readonly afterPhrase: (tail: string) => TailChoice;
  readonly first: Fallback;
  readonly fallbacks: readonly Fallback[];
}

const ABSTAIN: ExtractedAnswer = { answer: null, rule: null };

function found(answer: string | null): TailChoice {
  return answer === null ? null : { answer };
}

function readerFor(spec: AnswerSpec, phrases: readonly string[] | undefined): TypeReader {
  const defaults = phrases ?? DEFAULT_ANSWER_PHRASES;
  switch (spec.type) {
    case 'number':
      return {
        phrases: defaults,
        afterPhrase: (tail) => found(firstNumber(firstSentence(tail))),
        first: { rule: 'first-number', find: firstNumber },
        fallbacks: [{ rule: 'last-number', find: lastNumber }],
      };
    case 'choice': {
      const { letters } = spec;
      return {
        phrases: defaults,
        afterPhrase: (tail) => choiceFromTail(firstSentence(tail), letters),
        first: { rule: 'first-letter', find: (text) => firstChoice(text, letters) },
        fallbacks: [
          { rule: 'parenthesised-letter', find: (text) => lastWrappedChoice(text, letters) },
          { rule: 'last-capital-letter', find: (text) => lastCapitalChoice(text, letters) },
        ],
      };
    }
    case 'yes-no':
      return {
        phrases: defaults,
        afterPhrase: (tail) => found(firstYesNo(firstSentence(tail))),
        first: { rule: 'first-yes-no', find: firstYesNo },
        fallbacks: [{ rule: 'last-yes-no', find: lastYesNo }],
      };
    case 'text': {
      const sentence = (text: string): string | null => normaliseText(firstSentence(text));
      return {
        phrases: defaults,
        afterPhrase: (tail) => found(normaliseText(firstSentence(tail))),
        first: { rule: 'first-sentence', find: sentence },
        fallbacks: [{ rule: 'last-quoted', find: lastQuoted }],
      };
    }
    case 'math':
      return {
        phrases: phrases ?? MATH_ANSWER_PHRASES,
        before: { rule: 'boxed', find: boxedAnswer },
        afterPhrase: (tail) => found(leadingMath(tail)),
        first: { rule: 'first-expression', find: leadingMath },
        fallbacks: [{ rule: 'last-dollar', find: lastDollarAnswer }],
      };
  }
}

export function extractAnswer(text: string, spec: AnswerSpec, options: ExtractOptions = {}): ExtractedAnswer {
  checkSpec(spec);
  const mode = options.mode ?? 'completion';
  const reader = readerFor(spec, options.answerPhrases);
  checkOptions(reader.phrases, mode);

  if (reader.before !== undefined) {
    const result = reader.before.find(text);
    if (result === 'invalid') return ABSTAIN;
    if (result !== null) return { answer: result.answer, rule: reader.before.rule };
  }
  const tail = textAfterLastPhrase(text, reader.phrases);
  if (tail !== null) {
    // Only the phrase's own sentence (or math segment): later sentences are not what the phrase announced.
    const result = reader.afterPhrase(tail);
    if (result === 'invalid') return ABSTAIN;
    if (result !== null) return { answer: result.answer, rule: 'answer-phrase' };
  }
  if (mode === 'answer-only') return apply(reader.first, tail ?? text) ?? ABSTAIN;
  for (const fallback of reader.fallbacks) {
    const answer = apply(fallback, text);
    if (answer !== null) return answer;
  }
  return ABSTAIN;
}

function apply(fallback: Fallback, text: string): ExtractedAnswer | null {
  const answer = fallback.find(text);
  return answer === null ? null : { answer, rule: fallback.rule };
}

function checkOptions(phrases: readonly string[], mode: unknown): void {
  const issues: ArgumentIssue[] = [];
  if (mode !== 'completion' && mode !== 'answer-only') {
    issues.push({ path: ['options', 'mode'], message: `must be 'completion' or 'answer-only', got ${JSON.stringify(mode)}` });
  }
  phrases.forEach((phrase, index) => {
    // An empty phrase would "occur" at the very end and hide every answer.
    if (typeof phrase !== 'string' || phrase.trim() === '') {
      issues.push({ path: ['options', 'answerPhrases', index], message: 'must be a non-empty string' });
    }
  });
  if (issues.length > 0) throw new InvalidArgumentError(issues);
}

/**
 * The text after the last occurrence of any phrase, with leading whitespace and colons removed; null when no phrase
 * occurs. An occurrence that ends in a letter and is followed by one does not count (`the answer isn't`). Of occurrences at the same place
 * the longest phrase wins.
 */
export function textAfterLastPhrase(text: string, phrases: readonly string[]): string | null {
  let bestStart = -1;
  let bestEnd = -1;
  for (const phrase of phrases) {
    const endsInLetter = /\p{L}$/u.test(phrase);
    for (let start = text.lastIndexOf(phrase); start !== -1; start = start === 0 ? -1 : text.lastIndexOf(phrase, start - 1)) {
      const end = start + phrase.length;
      if (endsInLetter && /^\p{L}/u.test(text.slice(end, end + 1))) continue;
      if (start > bestStart || (start === bestStart && end > bestEnd)) {
        bestStart = start;
        bestEnd = end;
      }
      break;
    }
  }
  return bestStart === -1 ? null : text.slice(bestEnd).replace(/^[\s:]+/u, '');
}
