/**
 * Numeric answers: finding numbers in prose and writing them in one canonical form.
 *
 * A number is: an optional sign (`-` or `−`) before or after an optional currency sign (`$ € £ ¥`), then digits
 * with comma thousands separators (`2,125`, `1,000.5`) or plain digits with an optional decimal part (`18`, `0.750`,
 * `.5`), then optionally `/digits` for a fraction (`3/4` → 0.75). Whatever follows (`%`, units, words) is ignored,
 * so `25%` reads as 25 (GSM8K's gold answers drop the sign too).
 * Not numbers: digits glued to letters before them (`COVID19`), parts of dotted runs (`1.2.3`) and of slashed runs
 * (dates such as `05/23/1943`), and exponents (`1.5e3` is not supported). A comma followed by a space separates list
 * items, so `2, 3, 4` is three numbers.
 */

export interface NumberToken {
  /** Canonical form, see {@link canonicalDecimal}. */
  readonly value: string;
  /** Where the token starts (its sign or currency sign) and ends in the text. */
  readonly start: number;
  readonly end: number;
}

// The lookbehind keeps `COVID19`, `1.2.3` and `05/23` out; the lookahead keeps a match from stopping inside a
// longer digit, dotted or slashed run. The thousands branch needs exact three-digit groups (`2,1250` is not one).
const NUMBER_RE =
  /(?<![\p{L}\p{N}_./])(?<sign1>[-−])?(?<currency>[$€£¥])?(?<sign2>[-−])?(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+)(?:\/(?<denominator>\d+))?(?![\d/]|\.\d)/gu;

/** Every number in the text, in order. Fractions with a zero denominator are skipped. */
export function findNumbers(text: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  for (const match of text.matchAll(NUMBER_RE)) {
    const groups = match.groups ?? {};
    const digits = groups['digits'];
    if (digits === undefined) continue;
    const negative = groups['sign1'] !== undefined || groups['sign2'] !== undefined;
    const value = tokenValue(negative, digits.replaceAll(',', ''), groups['denominator']);
    if (value !== null) tokens.push({ value, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

function tokenValue(negative: boolean, digits: string, denominator: string | undefined): string | null {
  const decimal = canonicalDecimal(negative, digits);
  if (denominator === undefined) return decimal;
  const divisor = Number(denominator);
  if (divisor === 0) return null;
  return canonicalFromNumber(Number(decimal) / divisor);
}

export function firstNumber(text: string): string | null {
  return findNumbers(text)[0]?.value ?? null;
}

export function lastNumber(text: string): string | null {
  return findNumbers(text).at(-1)?.value ?? null;
}

/**
 * Shortest decimal form of digits such as `"007"`, `"18.0"` or `".750"`: no leading zeros, no trailing fractional
 * zeros, no `-0`. Worked on the string, so long integers keep every digit.
 */
export function canonicalDecimal(negative: boolean, digits: string): string {
  const [whole = '', fraction = ''] = digits.split('.');
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  const body = decimals === '' ? integer : `${integer}.${decimals}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/** Canonical form of a computed value (fractions): JavaScript's shortest round-trip form, never in exponent form. */
export function canonicalFromNumber(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  if (!text.includes('e')) return text === '-0' ? '0' : text;
  if (Math.abs(value) >= 1) return BigInt(Math.round(value)).toString();
  return canonicalDecimal(value < 0, Math.abs(value).toFixed(20));
}

/**
 * The canonical number of a raw answer (a gold label, a user's string): the text must hold exactly one number and
 * no other digits; currency signs, `%`, units and a trailing period may surround it (`"$1,234.50"`, `"18 dollars"`).
 */
export function normaliseNumber(raw: string): string | null {
  const tokens = findNumbers(raw);
  const [token] = tokens;
  if (token === undefined || tokens.length > 1) return null;
  const rest = raw.slice(0, token.start) + raw.slice(token.end);
  return /\d/.test(rest) ? null : token.value;
}

/** Numeric equality of two canonical numbers: relative tolerance, absolute for magnitudes below 1. */
export function numbersEqual(a: string, b: string, tolerance: number): boolean {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  if (x === y) return true;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}
