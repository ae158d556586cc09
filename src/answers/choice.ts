/**
 * Multiple-choice answers: option letters in prose. Canonical form: the upper-case letter.
 *
 * A letter appears in three forms:
 * - wrapped: `(b)`, `[B]`, `( c )`, any case; not after a word character, so `f(a)` is a function call;
 * - closing: `b)`, `B]`, a bare letter closed by a bracket (the `A)21` style of AQuA's options);
 * - bare: a single letter standing alone, `B`, `D.`, `c:`; never part of `e.g.`, `U.S.`, `A's`, `a/b`, `X-ray`, `f(x)`.
 * Prose: a bare `a`/`A` (the article) or `I` (the pronoun) followed by a lower-case word is not a letter
 * (`a dog`, `A bird`, `I think`), unless that word is a connective that follows a named option (`a is`, `A and B`).
 * A bare lower-case letter counts only as the first word of the text searched, after lead-in words such as
 * "answer is" or "option" (`answer is b`), never mid-prose.
 */

export type LetterForm = 'wrapped' | 'closing' | 'bare';

export interface LetterToken {
  /** Upper case. */
  readonly letter: string;
  readonly index: number;
  readonly form: LetterForm;
  readonly upperCase: boolean;
  /** First word of the searched text (after opening punctuation and words such as "option"). */
  readonly leading: boolean;
  /** An article or pronoun, not an option letter. */
  readonly prose: boolean;
}

const WRAPPED_RE = /(?<![\p{L}\p{N}_])[([]\s?([A-Za-z])\s?[)\]]/gu;
const BARE_RE = /(?<![\p{L}\p{N}_.'’([/-])([A-Za-z])(?![\p{L}\p{N}_'’/(-]|\.\p{L})/gu;
// What may stand before a "leading" letter: punctuation, "(so) (the) (correct) answer (is)", "option"/"choice"/"letter".
const LEAD_IN_RE =
  /^[\s:,"'“‘*#>-]*(?:(?:so\s+)?(?:the\s+)?(?:correct\s+)?answer(?:\s+is)?\s*[:,]?\s*)?(?:(?:option|choice|letter)\s*[:#]?\s*)?$/iu;
// Words that follow a named option ("a is correct", "A and B") rather than an article's noun.
const CONNECTIVES = new Set(['is', 'because', 'since', 'and', 'or', 'but', 'so', 'which', 'then']);

/** Every letter-shaped token in the text, in order of position. */
export function findLetters(text: string): LetterToken[] {
  const tokens: LetterToken[] = [];
  const wrappedSpans: [number, number][] = [];
  for (const match of text.matchAll(WRAPPED_RE)) {
    const raw = match[1] ?? '';
    tokens.push(token(text, raw, match.index, 'wrapped', false));
    wrappedSpans.push([match.index, match.index + match[0].length]);
  }
  for (const match of text.matchAll(BARE_RE)) {
    // `( b )` is matched as wrapped already.
    if (wrappedSpans.some(([start, end]) => match.index > start && match.index < end)) continue;
    const raw = match[1] ?? '';
    const next = text[match.index + 1];
    const form: LetterForm = next === ')' || next === ']' ? 'closing' : 'bare';
    tokens.push(token(text, raw, match.index, form, form === 'bare' && isProse(raw, text.slice(match.index + 1))));
  }
  return tokens.sort((a, b) => a.index - b.index);
}

function token(text: string, raw: string, index: number, form: LetterForm, prose: boolean): LetterToken {
  const upperCase = raw === raw.toUpperCase();
  return { letter: raw.toUpperCase(), index, form, upperCase, leading: LEAD_IN_RE.test(text.slice(0, index)), prose };
}

function isProse(raw: string, after: string): boolean {
  if (!['a', 'i'].includes(raw.toLowerCase())) return false;
  const word = /^[ \t]+(\p{Ll}[\p{L}'’-]*)/u.exec(after)?.[1];
  return word !== undefined && !CONNECTIVES.has(word);
}

/** Whether a token reads as an option letter when searching from the start of a short answer. */
function readsAsLetter(token: LetterToken): boolean {
  if (token.form !== 'bare') return true;
  if (token.prose) return false;
  return token.upperCase || token.leading;
}

/** A token that clearly names an option, so that an out-of-range one means the answer is invalid. */
function namesAnOption(token: LetterToken): boolean {
  return token.form !== 'bare' || (token.leading && !token.prose);
}

export type TailChoice = { readonly answer: string } | 'invalid' | null;

/**
 * The letter right after an answer phrase: the first token that reads as a letter. When the first token that
 * clearly names an option is not in `letters` (`The answer is (f).` for A–E), the answer is `'invalid'`: the
 * path abstains rather than fall back to some letter of its reasoning.
 */
export function choiceFromTail(tail: string, letters: readonly string[]): TailChoice {
  for (const candidate of findLetters(tail)) {
    if (!readsAsLetter(candidate)) continue;
    if (letters.includes(candidate.letter)) return { answer: candidate.letter };
    if (namesAnOption(candidate)) return 'invalid';
  }
  return null;
}

/** Kojima's answer-only rule, widened to lower case and brackets: the first letter in range from the start. */
export function firstChoice(text: string, letters: readonly string[]): string | null {
  const found = findLetters(text).find((t) => readsAsLetter(t) && letters.includes(t.letter));
  return found?.letter ?? null;
}

/** Completion fallback: the last wrapped letter in range, `(d)`. */
export function lastWrappedChoice(text: string, letters: readonly string[]): string | null {
  const found = findLetters(text).findLast((t) => t.form === 'wrapped' && letters.includes(t.letter));
  return found?.letter ?? null;
}

/**
 * Completion fallback after {@link lastWrappedChoice}: the last upper-case bare or closing letter in range that is
 * not prose. Lower case is left out here: mid-prose `b)` or `a` are too often not options.
 */
export function lastCapitalChoice(text: string, letters: readonly string[]): string | null {
  const found = findLetters(text).findLast(
    (t) => t.form !== 'wrapped' && t.upperCase && !t.prose && letters.includes(t.letter),
  );
  return found?.letter ?? null;
}

/** A raw answer that is only a letter in range, maybe wrapped or followed by `.`/`:`/`)`: `"b"`, `"(B)"`, `"C."`. */
export function normaliseChoice(raw: string, letters: readonly string[]): string | null {
  const match = /^\s*[([]?\s*([A-Za-z])\s*[)\]]?\s*[.:]?\s*$/u.exec(raw);
  const letter = match?.[1]?.toUpperCase();
  return letter !== undefined && letters.includes(letter) ? letter : null;
}
