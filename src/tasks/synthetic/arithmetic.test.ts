import { describe, expect, it } from 'vitest';
import { arithmeticProblem, MAX_VALUE, OBJECTS, STEP_TEMPLATES, type StepKind } from './arithmetic.js';
import { generateItems } from './generate.js';
import { FIRST_NAMES } from './names.js';

/** Solves a question from its text alone, without the generator: one sentence, one operation. */
function solve(question: string): { answer: number; steps: number } {
  const sentences = question.split(/(?<=[.?]) /);
  const opening = /^[A-Z][a-z]+ (?:has|starts with) (\d+) [a-z]+\.$/.exec(sentences[0] ?? '');
  expect(opening, question).not.toBeNull();
  let value = Number(opening?.[1]);
  const rules: [RegExp, (v: number, n: number) => number][] = [
    [/^(?:He|She) (?:buys|finds|wins) (\d+) more\.$/, (v, n) => v + n],
    [/^[A-Z][a-z]+ gives (?:him|her) (\d+) more\.$/, (v, n) => v + n],
    [/^(?:He|She) (?:gives (\d+) to [A-Z][a-z]+|loses (\d+)|sells (\d+)|uses (\d+))\.$/, (v, n) => v - n],
    [/^(?:Now (?:he|she) has (\d+) times as many|(?:He|She) trades each one for (\d+) new ones)\.$/, (v, n) => v * n],
    [
      /^(?:He|She) (?:splits them into (\d+) equal groups and keeps one group|puts them into (\d+) equal bags and keeps one bag)\.$/,
      (v, n) => v / n,
    ],
  ];
  const middle = sentences.slice(1, -1);
  for (const sentence of middle) {
    const rule = rules.find(([pattern]) => pattern.test(sentence));
    expect(rule, sentence).toBeDefined();
    const n = Number(rule?.[0].exec(sentence)?.slice(1).find((group) => group !== undefined));
    value = rule?.[1](value, n) ?? NaN;
    expect(Number.isInteger(value) && value >= 1 && value <= MAX_VALUE, `${sentence} gives ${value}`).toBe(true);
  }
  expect(sentences[sentences.length - 1]).toMatch(/^How many [a-z]+ does [A-Z][a-z]+ have now\?$/);
  return { answer: value, steps: middle.length };
}

describe('arithmetic: format', () => {
  it('writes the brief example exactly', () => {
    const problem = arithmeticProblem({
      name: 'Tom',
      objects: 'apples',
      start: 5,
      steps: [
        { kind: 'buy', n: 3 },
        { kind: 'give', n: 2, other: 'Ann' },
      ],
    });
    expect(problem.question).toBe('Tom has 5 apples. He buys 3 more. He gives 2 to Ann. How many apples does Tom have now?');
    expect(problem.rationale).toBe('Tom has 5 apples. He buys 3 more, so 5 + 3 = 8. He gives 2 to Ann, so 8 - 2 = 6.');
    expect(problem.answer).toBe('6');
    expect(problem.difficulty).toBe(2);
  });

  it('uses * and / and the pronouns of the name', () => {
    const problem = arithmeticProblem({
      name: 'Leah',
      objects: 'cookies',
      start: 12,
      opening: 1,
      steps: [
        { kind: 'split', n: 4 },
        { kind: 'times', n: 5 },
        { kind: 'receive', n: 2, other: 'Jason' },
      ],
    });
    expect(problem.question).toBe(
      'Leah starts with 12 cookies. She splits them into 4 equal groups and keeps one group. Now she has 5 times as many. ' +
        'Jason gives her 2 more. How many cookies does Leah have now?',
    );
    expect(problem.rationale).toBe(
      'Leah starts with 12 cookies. She splits them into 4 equal groups and keeps one group, so 12 / 4 = 3. ' +
        'Now she has 5 times as many, so 3 * 5 = 15. Jason gives her 2 more, so 15 + 2 = 17.',
    );
  });

  it('refuses stories that leave 1..MAX_VALUE, divide inexactly or lack the second person', () => {
    const story = { name: 'Tom', objects: 'pens', start: 7 };
    expect(() => arithmeticProblem({ ...story, steps: [{ kind: 'split', n: 2 }] })).toThrow(RangeError);
    expect(() => arithmeticProblem({ ...story, steps: [{ kind: 'lose', n: 7 }] })).toThrow(RangeError);
    expect(() => arithmeticProblem({ ...story, steps: [{ kind: 'times', n: 200 }] })).toThrow(RangeError);
    expect(() => arithmeticProblem({ ...story, steps: [{ kind: 'give', n: 2 }] })).toThrow(RangeError);
  });

  it('has at least 8 step templates, about 40 objects and the shared names', () => {
    expect(Object.keys(STEP_TEMPLATES).length).toBeGreaterThanOrEqual(8);
    expect(new Set(OBJECTS).size).toBe(40);
    expect(FIRST_NAMES).toContain('Tom');
  });
});

describe('arithmetic: generated items', () => {
  const items = [
    ...generateItems('arithmetic', 'train', { seed: 5, count: 2000, lengths: [1, 6] }),
    ...generateItems('arithmetic', 'in', { seed: 5, count: 500 }),
    ...generateItems('arithmetic', 'out', { seed: 5, count: 500 }),
  ];

  it('answers what the question says, step by step', () => {
    for (const item of items) {
      const solved = solve(item.question);
      expect(item.answer).toBe(String(solved.answer));
      expect(item.difficulty).toBe(solved.steps);
      expect(item.cotAnswer).toBe(`${item.rationale} The answer is ${item.answer}.`);
    }
  });

  it('writes true, chained equations of integers in 1..MAX_VALUE, one per step', () => {
    for (const item of items) {
      const equations = [...item.rationale.matchAll(/, so (\d+) ([-+*/]) (\d+) = (\d+)\./g)];
      expect(equations).toHaveLength(item.difficulty);
      let previous: number | undefined;
      for (const [, a, op, b, c] of equations) {
        const [x, y, z] = [Number(a), Number(b), Number(c)];
        const expected = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
        expect(z).toBe(expected);
        for (const value of [x, y, z]) expect(value >= 1 && value <= MAX_VALUE).toBe(true);
        if (previous !== undefined) expect(x).toBe(previous);
        previous = z;
      }
      expect(String(previous)).toBe(item.answer);
    }
  });

  it('uses every step template and all four operators', () => {
    const used = new Set<StepKind>();
    for (const item of items) {
      for (const [kind, template] of Object.entries(STEP_TEMPLATES) as [StepKind, { text: string }][]) {
        const pattern = template.text
          .replace(/\{(He|he|him)\}/g, '[A-Za-z]+')
          .replace(/\{other\}/g, '[A-Z][a-z]+')
          .replace('{n}', '\\d+');
        if (new RegExp(`(^|\\. )${pattern}\\.`).test(item.question)) used.add(kind);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(STEP_TEMPLATES).sort());
  });
});
