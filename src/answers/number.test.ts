import { describe, expect, it } from 'vitest';
import { canonicalDecimal, canonicalFromNumber, findNumbers, normaliseNumber, numbersEqual } from './number.js';

describe('findNumbers', () => {
  const cases: { text: string; values: string[] }[] = [
    { text: 'He has 18 apples.', values: ['18'] },
    { text: 'It costs $2,125 in total', values: ['2125'] },
    { text: 'The answer is 1,234.', values: ['1234'] },
    { text: 'worth 1,000.5 points', values: ['1000.5'] },
    { text: '12,345,678 people', values: ['12345678'] },
    { text: 'the sides are 2, 3, 4', values: ['2', '3', '4'] },
    { text: 'lists 1,000, 2,000 and 3', values: ['1000', '2000', '3'] },
    { text: '2,1250 is not grouped', values: ['2', '1250'] },
    { text: 'it fell to -3 degrees', values: ['-3'] },
    { text: 'a loss of −7 (Unicode minus)', values: ['-7'] },
    { text: 'owes -$5 or $-6', values: ['-5', '-6'] },
    { text: '10-3=7', values: ['10', '3', '7'] },
    { text: '18 dollars, 5 km, 5km', values: ['18', '5', '5'] },
    { text: 'is 0.750 now', values: ['0.75'] },
    { text: 'is .5 of it', values: ['0.5'] },
    { text: '18.0 and 007', values: ['18', '7'] },
    { text: 'three quarters: 3/4', values: ['0.75'] },
    { text: 'a third 1/3', values: [String(1 / 3)] },
    { text: '3/0 is undefined', values: [] },
    { text: 'She scored 25%', values: ['25'] },
    { text: 'Today is 05/23/1943.', values: [] },
    { text: 'version 1.2.3', values: [] },
    { text: 'COVID19 and B12', values: [] },
    { text: 'at 20 km/hr for 2.5 hrs', values: ['20', '2.5'] },
    { text: 'ends with a period 5.', values: ['5'] },
    { text: 'is -0 or 0.000', values: ['0', '0'] },
    { text: '12345678901234567890 grains', values: ['12345678901234567890'] },
    { text: 'no digits here', values: [] },
  ];
  it.each(cases)('$text', ({ text, values }) => {
    expect(findNumbers(text).map((t) => t.value)).toEqual(values);
  });

  it('reports where each token starts and ends, sign and currency included', () => {
    expect(findNumbers('pay -$5 now')).toEqual([{ value: '-5', start: 4, end: 7 }]);
  });
});

describe('canonical forms', () => {
  it.each([
    [false, '18', '18'],
    [false, '18.0', '18'],
    [false, '0.750', '0.75'],
    [true, '3', '-3'],
    [true, '0.00', '0'],
    [false, '.5', '0.5'],
    [false, '000', '0'],
    [false, '0010.0100', '10.01'],
  ])('canonicalDecimal(%s, %s) = %s', (negative, digits, expected) => {
    expect(canonicalDecimal(negative, digits)).toBe(expected);
  });

  it.each([
    [0.75, '0.75'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [Infinity, null],
    [Number.NaN, null],
  ])('canonicalFromNumber(%s) = %s', (value, expected) => {
    expect(canonicalFromNumber(value)).toBe(expected);
  });
});

describe('normaliseNumber', () => {
  it.each([
    ['18', '18'],
    ['18.0', '18'],
    [' $1,234.50 ', '1234.5'],
    ['18 dollars', '18'],
    ['5 km.', '5'],
    ['-3', '-3'],
    ['3/4', '0.75'],
    ['25%', '25'],
    ['2, 3, 4', null],
    ['1.5e3', null],
    ['05/23/1943', null],
    ['eighteen', null],
    ['', null],
    ['3/0', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseNumber(raw)).toBe(expected);
  });
});

describe('numbersEqual', () => {
  it.each([
    ['18', '18', 1e-6, true],
    ['0.75', '0.75', 0, true],
    ['1000000', '1000000.5', 1e-6, true],
    ['1000000', '1000002', 1e-6, false],
    ['0', '0.0000005', 1e-6, true],
    ['0', '0.00001', 1e-6, false],
    ['0.3333333333333333', '0.333333', 1e-6, true],
    ['-3', '3', 1e-6, false],
    ['12', '12.5', 0.1, true],
    ['x', 'x', 1e-6, false],
  ])('%s vs %s (tolerance %s) → %s', (a, b, tolerance, expected) => {
    expect(numbersEqual(a, b, tolerance)).toBe(expected);
  });
});
