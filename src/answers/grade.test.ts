import { describe, expect, it } from 'vitest';
import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { gradeAnswer } from './grade.js';

const NUMBER: AnswerSpec = { type: 'number' };
const AE: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] };
const BBH_AF: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E', 'F'] };
const YES_NO: AnswerSpec = { type: 'yes-no' };
const TEXT: AnswerSpec = { type: 'text' };
const MATH: AnswerSpec = { type: 'math' };

type Row = readonly [predicted: string | null, gold: string, expected: boolean];

function table(spec: AnswerSpec, rows: readonly Row[]): void {
  it.each(rows)('%j against gold %j → %s', (predicted, gold, expected) => {
    expect(gradeAnswer(predicted, gold, spec)).toBe(expected);
  });
}

describe('gradeAnswer: number', () => {
  table(NUMBER, [
    ['18', '18', true],
    ['18', '18.0', true],
    ['18.0', '18', true],
    ['2125', '2,125', true],
    ['2,125', '2125', true],
    ['$1,234.50', '1234.5', true],
    ['18 dollars', '18', true],
    ['-3', '-3', true],
    ['3', '-3', false],
    ['-$5', '-5', true],
    ['0.75', '3/4', true],
    ['17', '18', false],
    // GSM-Hard: JSON float targets, negative and non-integer ones
    ['-9867630', '-9867630.0', true],
    ['-9867630.0', '-9867630.0', true],
    ['9867630', '-9867630.0', false],
    ['2.5', '2.5', true],
    ['2.50', '2.5', true],
    ['3', '2.5', false],
    ['3244047.1', '3244047.0999999996', true],
    // relative: a big target rounded to 2 places (or even to an integer) is within 1e-6, a small one is not
    ['14053029.67', '14053029.666666666', true],
    ['14053029', '14053029.666666666', true],
    ['14053000', '14053029.666666666', false],
    ['3.33', '3.3333333333333335', false],
    ['0.0016791648', '0.0016791648', true],
    ['9284017268534.4', '9284017268534.4', true],
    // relative tolerance 1e-6 by default, absolute below magnitude 1
    ['1000000.5', '1000000', true],
    ['1000002', '1000000', false],
    ['0.0000005', '0', true],
    ['0.00001', '0', false],
    // not a number, or an abstention
    ['eighteen', '18', false],
    ['2, 3', '2', false],
    [null, '18', false],
  ]);

  it.each([
    ['100', '101', 0.01, true],
    ['100', '102', 0.01, false],
    ['3.33', '3.3333333333333335', 0.002, true],
    ['3.33', '3.3333333333333335', 0.0009, false],
    ['14053029', '14053029.666666666', 0, false],
    ['18', '18.000001', 0, false],
    ['18', '18.0', 0, true],
  ])('%s against %s with tolerance %s → %s', (predicted, gold, tolerance, expected) => {
    expect(gradeAnswer(predicted, gold, { type: 'number', tolerance })).toBe(expected);
  });

  it('uses the spec tolerance, not a fixed one', () => {
    expect(gradeAnswer('3.33', '3.3333333333333335', NUMBER)).toBe(false);
    expect(gradeAnswer('3.33', '3.3333333333333335', { type: 'number', tolerance: 0.01 })).toBe(true);
  });
});

describe('gradeAnswer: choice', () => {
  table(AE, [
    ['B', 'B', true],
    ['b', 'B', true],
    ['(b)', 'B', true],
    ['B', '(B)', true],
    ['C', 'B', false],
    ['F', 'B', false],
    ['(f)', 'B', false],
    ['a dog', 'A', false],
    [null, 'A', false],
  ]);
  describe('BBH "(A)"-style golds', () => {
    table(BBH_AF, [
      ['A', '(A)', true],
      ['(A)', '(A)', true],
      ['F', '(F)', true],
      ['(F)', '(E)', false],
    ]);
  });
});

describe('gradeAnswer: yes-no', () => {
  table(YES_NO, [
    ['yes', 'Yes', true],
    ['Yes.', 'yes', true],
    ['no', 'No', true],
    // StrategyQA JSON booleans, passed as strings
    ['yes', 'true', true],
    ['no', 'false', true],
    ['yes', 'false', false],
    // bigbench-sports 1 / 0
    ['yes', '1', true],
    ['no', '0', true],
    ['no', '1', false],
    ['maybe', 'yes', false],
    [null, 'yes', false],
  ]);
});

describe('gradeAnswer: text (BBH exact strings)', () => {
  table(TEXT, [
    ['True', 'True', true],
    ['true', 'True', true],
    ['True.', 'True', true],
    ['False', 'True', false],
    ['valid', 'valid', true],
    ['invalid', 'valid', false],
    ['] ]', '] ]', true],
    ['] ] >', '] ]', false],
    ['syndrome therefrom', 'syndrome therefrom', true],
    ['"Monsters, Inc"', 'Monsters, Inc', true],
    ['nk', 'kn', false],
    [null, 'True', false],
  ]);
});

describe('gradeAnswer: math', () => {
  table(MATH, [
    ['\\frac{3}{4}', '\\dfrac{3}{4}', true],
    ['0.75', '\\frac34', true],
    ['(3,\\frac{\\pi}{2})', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
    ['10', '10^\\circ', true],
    ['50', '50\\%', true],
    ['18.9', '\\$18.90', true],
    ['5', 'x=5', true],
    ['C', '\\text{(C)}', true],
    ['\\sqrt{2}', '\\sqrt2', true],
    ['[2,5)', '[2,5)', true],
    ['[2,5]', '[2,5)', false],
    ['\\frac{1}{3}', '0.5', false],
    ['-2,1', '1,-2', true],
    ['\\frac{1}{2', '\\frac{1}{2}', false],
    [null, '5', false],
  ]);
});

describe('gradeAnswer: invalid golds', () => {
  it.each([
    ['Monsters, Inc', BBH_AF],
    ['G', AE],
    ['', NUMBER],
    ['eighteen', NUMBER],
    ['maybe', YES_NO],
    ['   ', TEXT],
    ['\\frac{1}{2', MATH],
  ])('gold %j as %j throws, naming the gold', (gold, spec) => {
    expect(() => gradeAnswer('A', gold, spec)).toThrow(InvalidArgumentError);
    expect(() => gradeAnswer(null, gold, spec)).toThrow(JSON.stringify(gold));
  });

  it('reports the gold path and the letters', () => {
    try {
      gradeAnswer('A', 'G', AE);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      const [issue] = (error as InvalidArgumentError).issues;
      expect(issue?.path).toEqual(['gold']);
      expect(issue?.message).toBe('gold answer "G" is not a valid choice (A, B, C, D, E) answer');
    }
  });

  it('rejects a bad spec', () => {
    expect(() => gradeAnswer('1', '1', { type: 'number', tolerance: -1 })).toThrow(InvalidArgumentError);
  });
});
