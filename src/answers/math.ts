/**
 * MATH / MATH-500 answers, written in LaTeX. Canonical form: the normalised LaTeX string ({@link normaliseMath}).
 *
 * Normalisation follows the spirit of the MATH (Hendrycks et al. `strip_string`), PRM800K and Minerva / lm-eval
 * normalisers; the steps, in order:
 *  1. unicode minus, π, ∞, ≤, ≥, ≠, ×, · to their ASCII / LaTeX forms; newlines to spaces; trim;
 *  2. braces must balance (`\{` `\}` are literal braces): otherwise the answer is invalid (null);
 *  3. whole-answer wrappers peeled, repeatedly, with trailing periods: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`,
 *     `\boxed{…}`, `\fbox{…}`, `**…**`;
 *  4. escapes: `\$` and `\%` removed, `\!` removed, `\,` `\;` `\:` `\ ` and `~` made spaces, `\quad`, `\qquad`,
 *     `\displaystyle` removed, `{,}` made `,`; then every remaining `$` and `%` removed;
 *  5. `\left` / `\right` (and their `.` null delimiters) removed; `\dfrac` / `\tfrac` → `\frac`; `\leq` → `\le`,
 *     `\geq` → `\ge`, `\neq` → `\ne`, `\lbrace` / `\rbrace` → `\{` / `\}`;
 *  6. degrees removed: `^\circ`, `^{\circ}`, `°`, `\degree`;
 *  7. text groups (`\text`, `\textbf`, `\textit`, `\textrm`, `\textnormal`, `\mbox`, `\mathrm`): a unit after
 *     something (`15\mbox{ cm}^2`, `5.4 \text{ cents}`: a known unit word, or any content that starts with a space,
 *     the MATH convention) is removed with a following `^2` / `^3`; `\text{ and }` / `\text{ or }` become `,`; any
 *     other group is replaced by its content (`\text{(C)}` → `(C)`, `\text{east}` → `east`);
 *  8. a trailing unit word after a space removed (`18 dollars`, `10 square units`, `5 cm`);
 *  9. whitespace removed, except one space between a command and a letter (`\cot x`, `\pi r`); trailing periods;
 * 10. shorthand arguments braced: `\frac12` → `\frac{1}{2}`, `\frac 34`, `\frac9{19}`, `\frac\pi2`, `\sqrt2` →
 *     `\sqrt{2}`, `\sqrt[3]8` → `\sqrt[3]{8}`;
 * 11. one-character braces after `^` / `_` dropped: `x^{2}` → `x^2`, `4210_{5}` → `4210_5`;
 * 12. integer fractions `a/b` (not beside a letter, digit, `.`, `/`, `^`, `_`) → `\frac{a}{b}`;
 * 13. `x \in S` → `S`; a single assignment to a variable, `x=5` / `y=2x+3` / `\theta=\pi` → its right side;
 * 14. an integer with thousands commas → digits (`10,\!080` → `10080`, `58,500` → `58500`);
 * 15. a single capital letter in parentheses (MATH's multiple-choice answers, `\text{(C)}`) → the letter `C`;
 * 16. plain decimals, alone or as elements of a top-level comma list, in shortest form (`18.90` → `18.9`,
 *     `.35625` → `0.35625`, `007` → `7`).
 * An empty result is invalid (null).
 *
 * Equality ({@link mathEqual}) of canonical forms: equal strings; else both sides numbers (integer, decimal,
 * `\frac{a}{b}` of those, a mixed number `1\frac{4}{5}`, with signs) that are equal as exact rationals, so
 * `0.5` = `\frac{1}{2}` and `0.5` ≠ `\frac{1}{3}`; `\sqrt{}` and other expressions only as strings. Tuples and
 * intervals (`(3,\frac{\pi}{2})`, `[2,5)`) compare element by element, in order, with the same brackets; top-level
 * comma lists without brackets (`1,-2`, lists of solutions) and sets `\{…\}` compare as multisets.
 */

import { canonicalDecimal } from './number.js';

// ---------------------------------------------------------------------------------------------------------------
// Braces and math segments

/** The index just after the group opened by `{` at `open`, or -1 when it never closes. `\{` and `\}` are literal. */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Whether every `{` has its `}` (escaped braces aside). */
export function bracesBalance(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The index of the first unescaped `token` at or after `from`, or -1. */
function findUnescaped(text: string, from: number, token: string): number {
  for (let i = from; i < text.length; i++) {
    if (text.startsWith(token, i)) return i;
    if (text[i] === '\\') i++;
  }
  return -1;
}

interface MathSegment {
  readonly start: number;
  readonly end: number;
  readonly content: string;
}

const OPENERS: readonly (readonly [string, string])[] = [
  ['$$', '$$'],
  ['$', '$'],
  ['\\[', '\\]'],
  ['\\(', '\\)'],
];

/** The inline and display math of a text, `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, in order; an unclosed one ends the scan. */
export function mathSegments(text: string): MathSegment[] {
  const segments: MathSegment[] = [];
  for (let i = 0; i < text.length; i++) {
    const pair = OPENERS.find(([open]) => text.startsWith(open, i));
    if (pair === undefined) {
      if (text[i] === '\\') i++;
      continue;
    }
    const [open, close] = pair;
    const end = findUnescaped(text, i + open.length, close);
    if (end === -1) break;
    segments.push({ start: i, end: end + close.length, content: text.slice(i + open.length, end) });
    i = end + close.length - 1;
  }
  return segments;
}

// ---------------------------------------------------------------------------------------------------------------
// Extraction

/** What a math reader found: an answer, an invalid one (the path abstains), or nothing. */
export type MathFind = { readonly answer: string } | 'invalid' | null;

const BOX_RE = /\\(?:boxed|fbox)(?![A-Za-z])/gu;

/**
 * The raw content of the last `\boxed{…}` / `\fbox{…}` (braces nest), or of `\boxed 5` without braces (to the next
 * `$`, `\]`, `\)` or line end); 'invalid' when its braces never close or it is empty; null when there is none.
 */
export function lastBoxedContent(text: string): string | 'invalid' | null {
  const last = [...text.matchAll(BOX_RE)].at(-1);
  if (last === undefined) return null;
  let i = last.index + last[0].length;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let content: string;
  if (text[i] === '{') {
    const end = closingBrace(text, i);
    if (end === -1) return 'invalid';
    content = text.slice(i + 1, end - 1);
  } else {
    const rest = text.slice(i);
    const stop = rest.search(/\$|\\\]|\\\)|\n/u);
    content = stop === -1 ? rest : rest.slice(0, stop);
  }
  return content.trim() === '' ? 'invalid' : content;
}

/** Rule `boxed`: the last boxed answer, normalised. */
export function boxedAnswer(text: string): MathFind {
  const content = lastBoxedContent(text);
  if (content === null || content === 'invalid') return content;
  const answer = normaliseMath(content);
  return answer === null ? 'invalid' : { answer };
}

/**
 * The answer at the start of a text (after an answer phrase, or a short answer-only completion): the math segment
 * it opens with (`$\frac{1}{2}$. I hope…`), else its first sentence; leading `*`, `:` and spaces skipped.
 */
export function leadingMath(text: string): string | null {
  const start = text.replace(/^[\s*:]+/u, '');
  const [first] = mathSegments(start);
  if (first !== undefined && first.start === 0) return normaliseMath(first.content);
  if (OPENERS.some(([open]) => start.startsWith(open))) return null;
  const line = start.split('\n')[0] ?? '';
  const end = line.search(/\.\s/u);
  return normaliseMath((end === -1 ? line : line.slice(0, end)).replace(/\*+$/u, ''));
}

/** Rule `last-dollar`: the last math segment, when only punctuation follows it to the end of the text. */
export function lastDollarAnswer(text: string): string | null {
  const last = mathSegments(text).at(-1);
  if (last === undefined || !/^[\s.!*]*$/u.test(text.slice(last.end))) return null;
  return normaliseMath(last.content);
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

const UNICODE: readonly (readonly [RegExp, string])[] = [
  [/[−–]/gu, '-'],
  [/π/gu, '\\pi '],
  [/∞/gu, '\\infty '],
  [/≤/gu, '\\le '],
  [/≥/gu, '\\ge '],
  [/≠/gu, '\\ne '],
  [/×/gu, '\\times '],
  [/·/gu, '\\cdot '],
];

const UNIT_WORD =
  '(?:units?|dollars?|cents?|degrees?|inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|meters?|metres?|m|centimeters?|centimetres?|cm|millimeters?|mm|kilometers?|km|mph|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|days?|weeks?|years?|kilograms?|kg|grams?|g|pounds?|lbs?|ounces?|oz|liters?|litres?|ml|mL)';
const UNIT_RE = new RegExp(`^(?:(?:square|sq\\.?|cubic)\\s+)?${UNIT_WORD}(?:\\^?[23])?\\.?$`, 'iu');
const TRAILING_UNIT_RE = new RegExp(
  `\\s+(?:(?:square|sq\\.?|cubic)\\s+)?(?:units?|dollars?|cents?|degrees?|inches|inch|feet|foot|yards?|miles?|meters?|metres?|centimeters?|cm|mm|km|mph|hours?|minutes?|seconds?|days?|weeks?|years?|pounds?)(?:\\^[23]|\\^\\{[23]\\})?\\.?$`,
  'iu',
);
const TEXT_GROUP_RE = /\\(?:text|textbf|textit|textrm|textnormal|mbox|mathrm)\s*\{/u;
const POWER_AFTER_UNIT_RE = /^\s*\^\s*(?:\{\s*[23]\s*\}|[23])/u;
const VARIABLE_RE =
  /^(?:[A-Za-z]|\\(?:alpha|beta|gamma|delta|epsilon|theta|lambda|mu|phi|varphi|psi|omega|rho|sigma|tau))(?:_(?:[A-Za-z0-9]|\{[A-Za-z0-9]+\}))?$/u;
const THOUSANDS_RE = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u;
const DECIMAL_RE = /^(-?)(\d+(?:\.\d*)?|\.\d+)$/u;

/** The canonical LaTeX of a raw math answer (a gold, a boxed content), or null when it is empty or its braces do not balance. */
export function normaliseMath(raw: string): string | null {
  let s = raw;
  for (const [re, to] of UNICODE) s = s.replace(re, to);
  s = s.replace(/\r?\n/gu, ' ').trim();
  if (!bracesBalance(s)) return null;
  s = peelWrappers(s);

  s = s
    .replace(/\\(\\|[!,;: $%])/gu, (match: string, c: string) => (c === '\\' ? match : c === '!' || c === '$' || c === '%' ? '' : ' '))
    .replace(/\\q?quad(?![A-Za-z])|\\displaystyle(?![A-Za-z])/gu, ' ')
    .replace(/~/gu, ' ')
    .replace(/\{,\}/gu, ',')
    .replace(/[$%]/gu, '');

  s = s
    .replace(/\\(?:left|right)(?![A-Za-z])\.?/gu, '')
    .replace(/\\[dt]frac(?![A-Za-z])/gu, '\\frac')
    .replace(/\\(le|ge|ne)q(?![A-Za-z])/gu, '\\$1')
    .replace(/\\lbrace(?![A-Za-z])/gu, '\\{')
    .replace(/\\rbrace(?![A-Za-z])/gu, '\\}');

  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![A-Za-z])|°|\\degree(?![A-Za-z])/gu, '');
  s = replaceTextGroups(s);
  s = s.replace(TRAILING_UNIT_RE, '');

  s = s
    .replace(/(\\[A-Za-z]+)\s+(?=[A-Za-z])|\s+/gu, (_match: string, command: string | undefined) => (command === undefined ? '' : `${command} `))
    .replace(/\.+$/u, '');

  s = braceShorthand(s);
  s = s.replace(/([\^_])\{([A-Za-z0-9])\}/gu, '$1$2');
  s = s.replace(/(?<![\p{L}\p{N}_.^/])(\d+)\/(\d+)(?![\p{L}\p{N}_.{^/])/gu, '\\frac{$1}{$2}');

  s = s.replace(/^[A-Za-z]\\in(?![A-Za-z])/u, '');
  s = rightOfAssignment(s);
  if (THOUSANDS_RE.test(s)) s = s.replaceAll(',', '');
  s = s.replace(/^\(([A-Z])\)$/u, '$1');
  s = splitTopLevel(s)
    .map((item) => canonicalNumber(item) ?? item)
    .join(',');
  return s === '' ? null : s;
}

function peelWrappers(text: string): string {
  let s = text;
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(/[\s.]+$/u, '');
    const [segment] = mathSegments(s);
    if (segment !== undefined && segment.start === 0 && segment.end === s.length) s = segment.content.trim();
    const box = /^\\(?:boxed|fbox)\s*\{/u.exec(s);
    if (box !== null && closingBrace(s, box[0].length - 1) === s.length) s = s.slice(box[0].length, -1).trim();
    if (s.length >= 4 && s.startsWith('**') && s.endsWith('**')) s = s.slice(2, -2).trim();
  }
  return s;
}

function replaceTextGroups(text: string): string {
  let s = text;
  for (let match = TEXT_GROUP_RE.exec(s); match !== null; match = TEXT_GROUP_RE.exec(s)) {
    const open = match.index + match[0].length - 1;
    const end = closingBrace(s, open);
    if (end === -1) break; // unreachable after bracesBalance
    const content = s.slice(open + 1, end - 1);
    const before = s.slice(0, match.index);
    let after = s.slice(end);
    let replacement = content;
    if (/^\s*(?:and|or)\s*$/u.test(content)) replacement = ',';
    else if (before.trim() !== '' && (UNIT_RE.test(content.trim()) || /^\s/u.test(content) || content.trim() === '')) {
      replacement = '';
      after = after.replace(POWER_AFTER_UNIT_RE, '');
    }
    s = before + replacement + after;
  }
  return s;
}

/** One argument of a command at `from` (spaces skipped): a braced group's content, a command name, or one character. */
function readArgument(s: string, from: number): { readonly content: string; readonly end: number } | null {
  let i = from;
  while (s[i] === ' ') i++;
  const c = s[i];
  if (c === undefined || c === '}' || c === '^' || c === '_') return null;
  if (c === '{') {
    const end = closingBrace(s, i);
    return end === -1 ? null : { content: s.slice(i + 1, end - 1), end };
  }
  if (c === '\\') {
    const command = /^\\(?:[A-Za-z]+|.)/u.exec(s.slice(i))?.[0] ?? '\\';
    return { content: command, end: i + command.length };
  }
  return { content: c, end: i + 1 };
}

/** `\frac12` → `\frac{1}{2}`, `\sqrt2` → `\sqrt{2}`, at any depth; braced arguments stay as they are. */
function braceShorthand(s: string): string {
  const commandRe = /\\(frac|sqrt)(?![A-Za-z])/uy;
  let out = '';
  for (let i = 0; i < s.length; ) {
    commandRe.lastIndex = i;
    const command = commandRe.exec(s)?.[1];
    if (command === undefined) {
      const step = s[i] === '\\' ? 2 : 1;
      out += s.slice(i, i + step);
      i += step;
      continue;
    }
    out += `\\${command}`;
    i += command.length + 1;
    if (command === 'sqrt' && s[i] === '[') {
      const close = s.indexOf(']', i);
      if (close !== -1) {
        out += `[${braceShorthand(s.slice(i + 1, close))}]`;
        i = close + 1;
      }
    }
    for (let n = command === 'frac' ? 2 : 1; n > 0; n--) {
      const argument = readArgument(s, i);
      if (argument === null) break;
      out += `{${braceShorthand(argument.content)}}`;
      i = argument.end;
    }
  }
  return out;
}

function rightOfAssignment(s: string): string {
  const parts = splitTopLevel(s, '=');
  if (parts.length !== 2) return s;
  const [left = '', right = ''] = parts;
  return VARIABLE_RE.test(left) && right !== '' ? right : s;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** The parts of `s` between top-level `separator`s; `\{` `\}` count as brackets, and `(`/`[` may close with either. */
export function splitTopLevel(s: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s[i] ?? '';
    if (c === '\\') {
      c = s[i + 1] ?? '';
      i++;
      if (c !== '{' && c !== '}') continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function canonicalNumber(item: string): string | null {
  const match = DECIMAL_RE.exec(item);
  if (match === null) return null;
  return canonicalDecimal(match[1] === '-', match[2] ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Equality

interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function decimalRational(negative: boolean, digits: string): Rational {
  const [whole = '', fraction = ''] = digits.split('.');
  const num = BigInt(`${whole}${fraction}` || '0');
  return { num: negative ? -num : num, den: 10n ** BigInt(fraction.length) };
}

const NUMBER = '(-?)(\\d+(?:\\.\\d+)?|\\.\\d+)';
const DECIMAL_ONLY_RE = new RegExp(`^${NUMBER}$`, 'u');
const FRACTION_RE = new RegExp(`^(-?)\\\\frac\\{${NUMBER}\\}\\{${NUMBER}\\}$`, 'u');
const MIXED_RE = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/u;

/** The exact value of a canonical number: integer, decimal, `\frac{a}{b}` of those with signs, mixed `1\frac{4}{5}`. */
export function mathRational(s: string): Rational | null {
  const decimal = DECIMAL_ONLY_RE.exec(s);
  if (decimal !== null) return decimalRational(decimal[1] === '-', decimal[2] ?? '');
  const fraction = FRACTION_RE.exec(s);
  if (fraction !== null) {
    const top = decimalRational(fraction[2] === '-', fraction[3] ?? '');
    const bottom = decimalRational(fraction[4] === '-', fraction[5] ?? '');
    if (bottom.num === 0n) return null;
    const sign = fraction[1] === '-' ? -1n : 1n;
    return { num: sign * top.num * bottom.den, den: top.den * bottom.num };
  }
  const mixed = MIXED_RE.exec(s);
  if (mixed !== null) {
    const den = BigInt(mixed[4] ?? '1');
    if (den === 0n) return null;
    const num = BigInt(mixed[2] ?? '0') * den + BigInt(mixed[3] ?? '0');
    return { num: mixed[1] === '-' ? -num : num, den };
  }
  return null;
}

interface Structure {
  readonly open: string;
  readonly close: string;
  readonly items: readonly string[];
  readonly ordered: boolean;
}

const BRACKETS: readonly (readonly [string, readonly string[]])[] = [
  ['\\{', ['\\}']],
  ['(', [')', ']']],
  ['[', [')', ']']],
];

/** A whole-answer tuple, interval or set, or a top-level comma list; null for anything else. */
function structure(s: string): Structure | null {
  for (const [open, closes] of BRACKETS) {
    const close = closes.find((c) => s.endsWith(c));
    if (!s.startsWith(open) || close === undefined || s.length < open.length + close.length) continue;
    const inner = s.slice(open.length, s.length - close.length);
    // The outer pair must enclose everything: `(0,9)\cup(9,36)` is not one interval.
    if (!enclosesAll(inner)) continue;
    return { open, close, items: splitTopLevel(inner), ordered: open !== '\\{' };
  }
  const items = splitTopLevel(s);
  return items.length >= 2 ? { open: '', close: '', items, ordered: false } : null;
}

function enclosesAll(inner: string): boolean {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    let c = inner[i] ?? '';
    if (c === '\\') {
      c = inner[i + 1] ?? '';
      i++;
      if (c !== '{' && c !== '}') continue;
    }
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c) && --depth < 0) return false;
  }
  return depth === 0;
}

/** Equality of two canonical math answers; see the module comment. */
export function mathEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const x = mathRational(a);
  const y = mathRational(b);
  if (x !== null && y !== null) return x.num * y.den === y.num * x.den;
  if (x !== null || y !== null) return false;
  const sa = structure(a);
  const sb = structure(b);
  if (sa === null || sb === null) return false;
  if (sa.open !== sb.open || sa.close !== sb.close || sa.ordered !== sb.ordered || sa.items.length !== sb.items.length) return false;
  if (sa.ordered) return sa.items.every((item, i) => mathEqual(item, sb.items[i] ?? ''));
  const unused = [...sb.items];
  return sa.items.every((item) => {
    const index = unused.findIndex((other) => mathEqual(item, other));
    if (index === -1) return false;
    unused.splice(index, 1);
    return true;
  });
}
