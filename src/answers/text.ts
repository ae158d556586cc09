/**
 * Free-text answers (last-letter concatenation, dates). Canonical form, used both to store and to compare:
 * typographic quotes made ASCII, whitespace collapsed to one space and trimmed, surrounding quotes, backticks and
 * markdown emphasis stripped, trailing periods dropped (Kojima's free-format rule), then lower-cased. Lower-casing
 * the stored form too keeps one canonical string per answer, so votes group without a second comparison rule.
 * `"nk."` → `nk`, `“Nk”.` → `nk`, `05/23/1943.` → `05/23/1943`.
 */

const WRAPPERS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['**', '**'],
  ['*', '*'],
];

export function normaliseText(raw: string): string | null {
  let text = raw.replace(/[‘’]/gu, "'").replace(/[“”]/gu, '"').replace(/\s+/gu, ' ').trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\.+$/u, '').trim();
    const wrapper = WRAPPERS.find(([open, close]) => text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close));
    if (wrapper !== undefined) text = text.slice(wrapper[0].length, text.length - wrapper[1].length).trim();
  }
  return text === '' ? null : text.toLowerCase();
}

/**
 * The first sentence of a short answer: from the first non-blank character to the end of its line, cut before a
 * period that is followed by whitespace. So an answer with an inner ". " ("Mr. Smith") is cut there; dates and
 * decimals keep their periods.
 */
export function firstSentence(text: string): string {
  const line = text.trimStart().split('\n')[0] ?? '';
  const end = line.search(/\.\s/u);
  return end === -1 ? line : line.slice(0, end);
}

const QUOTED_RE = /"([^"\n]+)"|“([^”\n]+)”/gu;

/** Completion fallback: the last double-quoted string (`Concatenating them is "nk".`). */
export function lastQuoted(text: string): string | null {
  let found: string | null = null;
  for (const match of text.matchAll(QUOTED_RE)) found = normaliseText(match[1] ?? match[2] ?? '') ?? found;
  return found;
}
