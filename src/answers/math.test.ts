import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnswerSpec, ExtractedAnswer } from '../spec/answer.js';
import { extractAnswer, type ExtractOptions } from './extract.js';
import { lastBoxedContent, mathEqual, mathSegments, normaliseMath, splitTopLevel } from './math.js';
import { answersEqual, normaliseAnswer } from './normalise.js';
import { vote } from './vote.js';

const MATH: AnswerSpec = { type: 'math' };
const is = (answer: string, rule: string): ExtractedAnswer => ({ answer, rule });
const ABSTAIN: ExtractedAnswer = { answer: null, rule: null };

describe('normaliseMath', () => {
  it.each([
    // wrappers, spacing, \left \right
    ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})'],
    ['$\\frac{1}{2}$', '\\frac{1}{2}'],
    ['$$ 7 $$', '7'],
    ['\\( 7 \\)', '7'],
    ['\\boxed{\\frac{1}{\\sqrt{2}}}', '\\frac{1}{\\sqrt{2}}'],
    ['**42**.', '42'],
    ['5.', '5'],
    ['x^5 - x^4 + x - 1', 'x^5-x^4+x-1'],
    ['\\cot x', '\\cot x'],
    ['\\pi r^2', '\\pi r^2'],
    ['3 \\pm 2 \\sqrt{2}', '3\\pm2\\sqrt{2}'],
    ['2\\,\\sqrt{3}', '2\\sqrt{3}'],
    ['\\displaystyle\\frac12', '\\frac{1}{2}'],
    ['−3', '-3'],
    // fractions and roots
    ['\\dfrac{3}{4}', '\\frac{3}{4}'],
    ['\\tfrac{3}{4}', '\\frac{3}{4}'],
    ['\\frac34', '\\frac{3}{4}'],
    ['\\frac 59', '\\frac{5}{9}'],
    ['\\frac9{19}', '\\frac{9}{19}'],
    ['\\frac{270}7\\text{ degrees}', '\\frac{270}{7}'],
    ['\\frac\\pi2', '\\frac{\\pi}{2}'],
    ['\\frac ab', '\\frac{a}{b}'],
    ['\\frac{\\sqrt3}{2}', '\\frac{\\sqrt{3}}{2}'],
    ['\\sqrt2', '\\sqrt{2}'],
    ['11\\sqrt2', '11\\sqrt{2}'],
    ['\\sqrt[3]8', '\\sqrt[3]{8}'],
    ['1/2', '\\frac{1}{2}'],
    ['-18/5', '-\\frac{18}{5}'],
    ['05/23/1943', '05/23/1943'],
    ['x^2/3', 'x^2/3'],
    ['\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', '\\begin{pmatrix}\\frac{1}{5}\\\\-\\frac{18}{5}\\end{pmatrix}'],
    // degrees, percent, money, units
    ['10^\\circ', '10'],
    ['10^{\\circ}', '10'],
    ['45°', '45'],
    ['50\\%', '50'],
    ['50%', '50'],
    ['\\$18.90', '18.9'],
    ['\\$32,\\!348', '32348'],
    ['5.4 \\text{ cents}', '5.4'],
    ['15\\mbox{ cm}^2', '15'],
    ['864 \\mbox{ inches}^2', '864'],
    ['12\\text{cm}', '12'],
    ['18 dollars', '18'],
    ['10 square units', '10'],
    ['5 cm.', '5'],
    ['\\text{(C)}', 'C'],
    ['(C)', 'C'],
    ['\\textbf{(B)}', 'B'],
    ['\\text{Evelyn}', 'Evelyn'],
    ['\\text{east}', 'east'],
    ['1 \\text{ and } 2', '1,2'],
    // numbers
    ['10,\\!080', '10080'],
    ['11,\\! 111,\\! 111,\\! 100', '11111111100'],
    ['58,500', '58500'],
    ['10{,}000', '10000'],
    ['.35625', '0.35625'],
    ['18.0', '18'],
    ['007', '7'],
    ['3, 5, 7', '3,5,7'],
    ['1.50, 2.0', '1.5,2'],
    // assignments, membership, scripts
    ['x=5', '5'],
    ['x = 5', '5'],
    ['y = 2x + 3', '2x+3'],
    ['\\theta = \\frac{\\pi}{3}', '\\frac{\\pi}{3}'],
    ['a_1 = 4', '4'],
    ['5x - 7y + 11z + 4 = 0', '5x-7y+11z+4=0'],
    ['x = y = 3', 'x=y=3'],
    ['x \\in [-2,7]', '[-2,7]'],
    ['4210_{5}', '4210_5'],
    ['x^{2}', 'x^2'],
    ['\\leq 3', '\\le3'],
    ['\\{1\\pm\\sqrt{5},-2\\}', '\\{1\\pm\\sqrt{5},-2\\}'],
    ['\\left\\{ 1, 2 \\right\\}', '\\{1,2\\}'],
    // invalid
    ['', null],
    ['   ', null],
    ['$$', null],
    ['\\frac{1}{2', null],
    ['\\frac{1}}{2}', null],
    ['\\boxed{}', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseMath(raw)).toBe(expected);
    expect(normaliseAnswer(raw, MATH)).toBe(expected);
  });

  it('is idempotent on its own output', () => {
    for (const raw of ['\\left( 3, \\frac{\\pi}{2} \\right)', '\\text{(C)}', 'x = 5', '\\frac 34', '1 \\text{ and } 2', '\\cot x']) {
      const once = normaliseMath(raw);
      expect(once).not.toBeNull();
      expect(normaliseMath(once ?? '')).toBe(once);
    }
  });
});

describe('answersEqual: math', () => {
  it.each([
    // fractions, decimals, integers: exact rationals
    ['\\dfrac{3}{4}', '\\frac34', true],
    ['\\frac34', '0.75', true],
    ['\\dfrac{3}{4}', '3/4', true],
    ['0.5', '\\frac{1}{2}', true],
    ['0.5', '1/2', true],
    ['.5', '\\frac{2}{4}', true],
    ['0.5', '\\frac{1}{3}', false],
    ['0.333', '\\frac{1}{3}', false],
    ['-\\frac{3}{8}', '\\frac{-3}{8}', true],
    ['-\\frac{3}{8}', '-0.375', true],
    ['\\frac{3}{8}', '-0.375', false],
    ['18.0', '18', true],
    ['10,\\!080', '10080', true],
    ['10,080', '10080', true],
    ['\\$18.90', '18.9', true],
    ['\\$36', '36', true],
    ['1\\frac{4}{5}', '\\frac{9}{5}', true],
    ['137 \\frac{1}{2}', '137.5', true],
    ['\\frac{1}{0}', '\\frac{1}{0}', true],
    ['\\frac{1}{0}', '\\frac{2}{0}', false],
    // units, degrees, percent, text
    ['10^\\circ', '10', true],
    ['50\\%', '50', true],
    ['50\\%', '0.5', false],
    ['15\\mbox{ cm}^2', '15', true],
    ['5.4 \\text{ cents}', '5.40', true],
    ['\\text{(C)}', '(C)', true],
    ['\\text{(C)}', 'C', true],
    ['\\text{(C)}', '(D)', false],
    ['\\text{Evelyn}', 'Evelyn', true],
    // roots: strings only
    ['\\sqrt2', '\\sqrt{2}', true],
    ['2\\sqrt{5}', '2 \\sqrt{5}', true],
    ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', false],
    ['\\sqrt{4}', '2', false],
    // assignments
    ['x=5', '5', true],
    ['x = 5', '5.0', true],
    ['y = 2x + 3', '2x+3', true],
    ['x=5', '6', false],
    // tuples, intervals, lists, sets
    ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})', true],
    ['\\left( \\frac{3}{2}, -13 \\right)', '(1.5,-13)', true],
    ['(3,\\frac{\\pi}{2})', '(\\frac{\\pi}{2},3)', false],
    ['(3,\\frac{\\pi}{2})', '3,\\frac{\\pi}{2}', false],
    ['[2,5)', '[2,5)', true],
    ['[2,5)', '[2,5]', false],
    ['[2,5)', '(2,5)', false],
    ['\\left(\\frac{3}{5},\\frac{8}{3}\\right]', '(0.6,\\frac83]', true],
    ['(-\\infty, 0]', '(-\\infty,0]', true],
    ['x \\in [-2,7]', '[-2,7]', true],
    ['(6,31,-1)', '(6,31)', false],
    ['1,-2', '-2, 1', true],
    ['3, 5, 7', '7,3,5', true],
    ['3, 5, 7', '3,5', false],
    ['1,1,2', '1,2,2', false],
    ['\\{1\\pm\\sqrt{5},-2\\}', '\\{-2, 1 \\pm \\sqrt5\\}', true],
    ['(0,9) \\cup (9,36)', '(0,9)\\cup(9,36)', true],
    ['(0,9) \\cup (9,36)', '(9,36)\\cup(0,9)', false],
    // invalid sides are never equal
    ['\\frac{1}{2', '\\frac{1}{2', false],
    ['', '', false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(answersEqual(a, b, MATH)).toBe(expected);
    expect(answersEqual(b, a, MATH)).toBe(expected);
  });

  it('mathEqual compares canonical strings without normalising them again', () => {
    expect(mathEqual('\\frac{1}{2}', '0.5')).toBe(true);
    expect(mathEqual('\\frac12', '0.5')).toBe(false);
  });
});

describe('extractAnswer: math', () => {
  interface Case {
    readonly text: string;
    readonly options?: ExtractOptions;
    readonly expected: ExtractedAnswer;
  }
  const cases: Case[] = [
    { text: 'So $x = \\boxed{\\frac{1}{\\sqrt{2}}}$.', expected: is('\\frac{1}{\\sqrt{2}}', 'boxed') },
    { text: 'First $\\boxed{3}$, then we fix it: $\\boxed{5}$. Done.', expected: is('5', 'boxed') },
    { text: 'The answer is 4. Check: \\boxed{5}', expected: is('5', 'boxed') },
    { text: 'Hence the point is $\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}$.', expected: is('(3,\\frac{\\pi}{2})', 'boxed') },
    { text: 'so it is $\\boxed{\\dfrac{3}{4}}$', expected: is('\\frac{3}{4}', 'boxed') },
    { text: 'The total is $\\boxed{\\$18.90}$.', expected: is('18.9', 'boxed') },
    { text: 'The angle is $\\boxed{10^\\circ}$.', expected: is('10', 'boxed') },
    { text: 'The answer is $\\boxed 5$.', expected: is('5', 'boxed') },
    { text: 'The answer is \\boxed 7\nNext line', expected: is('7', 'boxed') },
    { text: 'We get \\fbox{12}.', expected: is('12', 'boxed') },
    { text: 'Thus \\boxed{\\text{(C)}}', expected: is('C', 'boxed') },
    // A last box that is broken or empty abstains rather than falling back.
    { text: 'The answer is 3. So $\\boxed{\\frac{1}{2}$', expected: ABSTAIN },
    { text: 'The answer is 3. So \\boxed{}', expected: ABSTAIN },
    // Answer phrases.
    { text: 'Final Answer: The final answer is $\\frac{1}{2}$. I hope it is correct.', expected: is('\\frac{1}{2}', 'answer-phrase') },
    { text: 'The answer is $x = 5$.', expected: is('5', 'answer-phrase') },
    { text: 'So the answer is 50\\%.', expected: is('50', 'answer-phrase') },
    { text: 'The answer is \\$18.90.', expected: is('18.9', 'answer-phrase') },
    { text: 'The answer is (3, 4].', expected: is('(3,4]', 'answer-phrase') },
    { text: 'The answer is: $$\n\\frac{3}{4}\n$$', expected: is('\\frac{3}{4}', 'answer-phrase') },
    { text: '**Final Answer:** $12$', expected: is('12', 'answer-phrase') },
    { text: 'The answer is 3. Wait. The answer is 4.', expected: is('4', 'answer-phrase') },
    // Last $…$ at the end.
    { text: 'Adding these gives $2+3 = 5$, so the sum is $5$.', expected: is('5', 'last-dollar') },
    { text: 'The sides are $3$ and $4$, and the hypotenuse is \\[5\\]', expected: is('5', 'last-dollar') },
    { text: 'So $x = 5$ is what we need to check.', expected: ABSTAIN },
    { text: 'It costs \\$5', expected: ABSTAIN },
    { text: 'I do not know.', expected: ABSTAIN },
    { text: '', expected: ABSTAIN },
    // Answer-only (the continuation of an answer trigger).
    { text: ' $\\frac{1}{2}$.', options: { mode: 'answer-only' }, expected: is('\\frac{1}{2}', 'first-expression') },
    { text: ' \\frac 34. Because', options: { mode: 'answer-only' }, expected: is('\\frac{3}{4}', 'first-expression') },
    { text: ' \\boxed{2}', options: { mode: 'answer-only' }, expected: is('2', 'boxed') },
    // Custom phrases replace the defaults.
    { text: 'Result: $7$ then more text', options: { answerPhrases: ['Result:'] }, expected: is('7', 'answer-phrase') },
  ];
  it.each(cases)('$text ($options)', ({ text, options, expected }) => {
    expect(extractAnswer(text, MATH, options)).toEqual(expected);
  });

  it('votes group equal math answers', () => {
    const outcome = vote([{ answer: '\\frac{1}{2}' }, { answer: '0.5' }, { answer: '\\dfrac12' }, { answer: '\\frac{1}{3}' }], { spec: MATH });
    expect(outcome.answer).toBe('\\frac{1}{2}');
    expect(outcome.votes.map((row) => [row.answer, row.count])).toEqual([
      ['\\frac{1}{2}', 3],
      ['\\frac{1}{3}', 1],
    ]);
  });
});

describe('math helpers', () => {
  it.each([
    ['a \\boxed{1} b \\boxed{\\frac{2}{\\sqrt{3}}} c', '\\frac{2}{\\sqrt{3}}'],
    ['\\boxed {4}', '4'],
    ['\\boxed{\\{1,2\\}}', '\\{1,2\\}'],
    ['\\boxed{1', 'invalid'],
    ['\\boxedfoo', null],
    ['no box', null],
  ])('lastBoxedContent(%j) = %j', (text, expected) => {
    expect(lastBoxedContent(text)).toBe(expected);
  });

  it('finds math segments and skips escaped dollars', () => {
    expect(mathSegments('pay \\$5, then $x$ and $$y$$ and \\(z\\) \\[w\\] $open').map((s) => s.content)).toEqual(['x', 'y', 'z', 'w']);
  });

  it('splits at top-level commas only', () => {
    expect(splitTopLevel('(1,2),\\{3,4\\},\\frac{5,6}{7},8')).toEqual(['(1,2)', '\\{3,4\\}', '\\frac{5,6}{7}', '8']);
  });
});

// The data sets sit beside the checkout (/work/shared) or inside it (shared/).
const DATASETS = ['../../shared/datasets', '../../../shared/datasets']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(`${dir}/math500/test.jsonl`));

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

describe.skipIf(DATASETS === undefined)('real MATH data', () => {
  it('every MATH-500 gold normalises, is idempotent, equals itself, and is the last box of its solution', () => {
    const rows = readJsonl<{ answer: string; solution: string; unique_id: string }>(`${DATASETS ?? ''}/math500/test.jsonl`);
    expect(rows).toHaveLength(500);
    const problems: string[] = [];
    for (const row of rows) {
      const gold = normaliseAnswer(row.answer, MATH);
      if (gold === null) {
        problems.push(`${row.unique_id}: ${row.answer} does not normalise`);
        continue;
      }
      if (normaliseMath(gold) !== gold) problems.push(`${row.unique_id}: ${row.answer} → ${gold} is not idempotent`);
      if (!answersEqual(row.answer, row.answer, MATH)) problems.push(`${row.unique_id}: ${row.answer} is not equal to itself`);
      const extracted = extractAnswer(row.solution, MATH);
      if (extracted.answer === null || !answersEqual(extracted.answer, row.answer, MATH)) {
        problems.push(`${row.unique_id}: solution gives ${String(extracted.answer)}, gold ${gold}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('extracts the last \\boxed{} of at least 99.5% of the 5000 MATH solutions', () => {
    const rows = readJsonl<{ solution: string; idx: number }>(`${DATASETS ?? ''}/math/test.jsonl`);
    expect(rows).toHaveLength(5000);
    const misses = rows.filter((row) => {
      const extracted = extractAnswer(row.solution, MATH);
      return extracted.answer === null || extracted.rule !== 'boxed';
    });
    // At the time of writing every solution reads (0 misses); the message names any that stop reading.
    expect(misses.length / rows.length, `misses (idx): ${misses.map((row) => row.idx).join(', ')}`).toBeLessThanOrEqual(0.005);
  });
});
