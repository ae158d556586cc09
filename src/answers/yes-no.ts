/**
 * Yes/no answers. Canonical form: `"yes"` or `"no"`.
 *
 * Kojima et al. Table 11: lower-case the text, turn quotes, newlines, periods, whitespace, colons and commas into
 * spaces, split, take the first token that is "yes" or "no". The separators here are a superset (also `; ! ? ( ) [ ]
 * * \``, and typographic quotes), so `**Yes**` and `(no)` read too; a hyphen is not one (`yes-man` is not "yes").
 */

export type YesNo = 'yes' | 'no';

const SEPARATORS_RE = /["'“”‘’\s.:,;!?()[\]*`]+/u;
const WORD_RE = /(?<![\p{L}\p{N}_'’-])(yes|no)(?![\p{L}\p{N}_'’-])/giu;

/** Kojima's answer-only rule: the first token that is yes or no. */
export function firstYesNo(text: string): YesNo | null {
  for (const token of text.toLowerCase().split(SEPARATORS_RE)) {
    if (token === 'yes' || token === 'no') return token;
  }
  return null;
}

/**
 * Completion fallback: the last "yes" or "no" word, searched from the end. A "no" followed on its line by a word
 * is the determiner ("no one", "no way"), not an answer, and is skipped.
 */
export function lastYesNo(text: string): YesNo | null {
  let found: YesNo | null = null;
  for (const match of text.matchAll(WORD_RE)) {
    const word = (match[1] ?? '').toLowerCase();
    if (word === 'yes') found = 'yes';
    else if (!/^[ \t]+\p{L}/u.test(text.slice(match.index + match[0].length))) found = 'no';
  }
  return found;
}

const RAW_VALUES: Readonly<Record<string, YesNo>> = { yes: 'yes', no: 'no', true: 'yes', false: 'no', '1': 'yes', '0': 'no' };

/** A raw yes/no answer; data sets also write booleans and 1/0: `"Yes."`, `"true"`, `"0"`. */
export function normaliseYesNo(raw: string): YesNo | null {
  const key = raw
    .trim()
    .replace(/^["'“‘]+|["'”’]+$/gu, '')
    .replace(/[.!]+$/u, '')
    .trim()
    .toLowerCase();
  return Object.hasOwn(RAW_VALUES, key) ? (RAW_VALUES[key] ?? null) : null;
}
