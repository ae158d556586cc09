/** Canonical forms and equality, per answer type; also the checks of an AnswerSpec. */

import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { normaliseChoice } from './choice.js';
import { mathEqual, normaliseMath } from './math.js';
import { normaliseNumber, numbersEqual } from './number.js';
import { normaliseText } from './text.js';
import { normaliseYesNo } from './yes-no.js';

/** @see AnswerSpec tolerance */
export const DEFAULT_TOLERANCE = 1e-6;

/**
 * Throws InvalidArgumentError, listing every problem, unless the spec can work: a known type, choice letters that
 * are single upper-case letters A–Z without repeats, a finite tolerance ≥ 0. Specs come from task files and users,
 * and a typo such as `letters: ["a"]` would otherwise make every answer an abstention.
 */
export function checkSpec(spec: AnswerSpec, path: readonly (string | number)[] = ['spec']): void {
  const issues: ArgumentIssue[] = [];
  switch (spec.type) {
    case 'number':
      if (spec.tolerance !== undefined && !(Number.isFinite(spec.tolerance) && spec.tolerance >= 0)) {
        issues.push({ path: [...path, 'tolerance'], message: `must be a finite number ≥ 0, got ${String(spec.tolerance)}` });
      }
      break;
    case 'choice':
      if (!Array.isArray(spec.letters) || spec.letters.length === 0) {
        issues.push({ path: [...path, 'letters'], message: 'must list at least one option letter' });
        break;
      }
      spec.letters.forEach((letter, index) => {
        if (typeof letter !== 'string' || !/^[A-Z]$/u.test(letter)) {
          issues.push({ path: [...path, 'letters', index], message: `must be one upper-case letter A-Z, got ${JSON.stringify(letter)}` });
        } else if (spec.letters.indexOf(letter) !== index) {
          issues.push({ path: [...path, 'letters', index], message: `repeats ${letter}` });
        }
      });
      break;
    case 'yes-no':
    case 'text':
    case 'math':
      break;
    default: {
      const type: unknown = (spec as { type?: unknown }).type;
      issues.push({ path: [...path, 'type'], message: `unknown answer type ${JSON.stringify(type)}; expected number, choice, yes-no, text or math` });
    }
  }
  if (issues.length > 0) throw new InvalidArgumentError(issues);
}

/** Canonical form of a raw answer string for this type, or null if it is not a valid answer of the type (e.g. gold labels from data sets). */
export function normaliseAnswer(raw: string, spec: AnswerSpec): string | null {
  checkSpec(spec);
  return canonicalise(raw, spec);
}

/** {@link normaliseAnswer} for a spec already checked. */
export function canonicalise(raw: string, spec: AnswerSpec): string | null {
  switch (spec.type) {
    case 'number':
      return normaliseNumber(raw);
    case 'choice':
      return normaliseChoice(raw, spec.letters);
    case 'yes-no':
      return normaliseYesNo(raw);
    case 'text':
      return normaliseText(raw);
    case 'math':
      return normaliseMath(raw);
  }
}

/**
 * Equality for grading and for grouping votes: both sides are normalised first, and an invalid side is never equal
 * to anything. Numbers compare numerically with spec.tolerance (relative, default 1e-6; absolute below magnitude 1);
 * math with {@link mathEqual} (exact rationals for numbers, tuples element-wise, see math.ts); the other types
 * compare canonical strings.
 */
export function answersEqual(a: string, b: string, spec: AnswerSpec): boolean {
  checkSpec(spec);
  const x = canonicalise(a, spec);
  const y = canonicalise(b, spec);
  return x !== null && y !== null && canonicalEqual(x, y, spec);
}

/** Equality of two canonical answers of a checked spec. */
export function canonicalEqual(a: string, b: string, spec: AnswerSpec): boolean {
  if (spec.type === 'number') return numbersEqual(a, b, spec.tolerance ?? DEFAULT_TOLERANCE);
  if (spec.type === 'math') return mathEqual(a, b);
  return a === b;
}
