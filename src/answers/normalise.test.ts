import { describe, expect, it } from 'vitest';
import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { answersEqual, checkSpec, normaliseAnswer } from './normalise.js';

const NUMBER: AnswerSpec = { type: 'number' };
const AE: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] };
const YES_NO: AnswerSpec = { type: 'yes-no' };
const TEXT: AnswerSpec = { type: 'text' };

describe('normaliseAnswer (gold labels and raw answers)', () => {
  it.each([
    ['18', NUMBER, '18'],
    ['18.0', NUMBER, '18'],
    ['0.750', NUMBER, '0.75'],
    ['-3', NUMBER, '-3'],
    ['2,125', NUMBER, '2125'],
    ['$18.', NUMBER, '18'],
    ['3/4', NUMBER, '0.75'],
    ['2, 3, 4', NUMBER, null],
    ['many', NUMBER, null],
    ['e', AE, 'E'],
    ['(b)', AE, 'B'],
    ['F', AE, null],
    ['a dog', AE, null],
    ['Yes.', YES_NO, 'yes'],
    ['false', YES_NO, 'no'],
    ['1', YES_NO, 'yes'],
    ['0', YES_NO, 'no'],
    ['2', YES_NO, null],
    ['nk.', TEXT, 'nk'],
    ['  "New  York". ', TEXT, 'new york'],
    ['', TEXT, null],
  ])('%j as %j → %j', (raw, spec, expected) => {
    expect(normaliseAnswer(raw, spec)).toBe(expected);
  });
});

describe('answersEqual', () => {
  it.each([
    ['18', '18.0', NUMBER, true],
    ['$1,000', '1000 dollars', NUMBER, true],
    ['0.75', '3/4', NUMBER, true],
    ['1000000', '1000000.4', NUMBER, true],
    ['1000000', '1000002', NUMBER, false],
    ['100', '101', { type: 'number', tolerance: 0.02 }, true],
    ['100', '101', { type: 'number', tolerance: 0 }, false],
    ['0', '-0', NUMBER, true],
    ['abc', 'abc', NUMBER, false],
    ['(b)', 'B', AE, true],
    ['b', 'c', AE, false],
    ['F', 'F', AE, false],
    ['Yes.', 'true', YES_NO, true],
    ['no', '1', YES_NO, false],
    ['NK.', '"nk"', TEXT, true],
    ['nk', 'kn', TEXT, false],
  ])('%j vs %j as %j → %s', (a, b, spec, expected) => {
    expect(answersEqual(a, b, spec as AnswerSpec)).toBe(expected);
    expect(answersEqual(b, a, spec as AnswerSpec)).toBe(expected);
  });
});

describe('checkSpec', () => {
  it('accepts the five types', () => {
    for (const spec of [NUMBER, AE, YES_NO, TEXT, { type: 'math' } as const, { type: 'number', tolerance: 0 } as const]) expect(() => checkSpec(spec)).not.toThrow();
  });

  it('lists every bad letter at once, with its path', () => {
    const spec = { type: 'choice', letters: ['A', 'bb', 'A', 'c'] } as AnswerSpec;
    try {
      checkSpec(spec, ['task', 'answer']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).issues.map((i) => i.path.join('.'))).toEqual([
        'task.answer.letters.1',
        'task.answer.letters.2',
        'task.answer.letters.3',
      ]);
    }
  });

  it.each([Number.NaN, -0.1, Infinity])('rejects tolerance %s', (tolerance) => {
    expect(() => normaliseAnswer('1', { type: 'number', tolerance })).toThrow(InvalidArgumentError);
  });
});
