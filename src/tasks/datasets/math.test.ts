import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseAnswer } from '../../answers/index.js';
import { countBy, dataDir, loadReal } from '../test-helpers.js';
import { lastBoxed, math, math500 } from './math.js';

const MATH = { type: 'math' } as const;

async function records(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path.join(dataDir, file), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('math500', () => {
  it('loads 500 problems, the gold the normalised `answer`, zero-shot with 512 tokens', async () => {
    const { items, exemplars } = await loadReal(math500);
    expect(items).toHaveLength(500);
    expect(exemplars).toBeUndefined();
    expect(math500).toMatchObject({ answerType: 'math', defaults: { maxTokens: 512, temperature: 0.7, topK: 40, paths: 40 } });
    expect(items[0]).toMatchObject({ id: 'test/precalculus/807.json', answerSpec: { type: 'math' } });
    expect(items[0]?.question).toMatch(/^Convert the point \$\(0,3\)\$ in rectangular coordinates/u);
    expect(items[0]?.answer).toBe(normaliseAnswer('\\left( 3, \\frac{\\pi}{2} \\right)', MATH));
    const raw = await records('math500/test.jsonl');
    expect(items.map((item) => item.answer)).toEqual(raw.map((r) => normaliseAnswer(String(r['answer']), MATH)));
  });
});

describe('math', () => {
  it('loads 5000 problems, the gold the last \\boxed{} of the solution, ids from idx', async () => {
    const { items } = await loadReal(math);
    expect(items).toHaveLength(5000);
    expect(items[0]).toMatchObject({ id: '0', answer: '2', answerSpec: { type: 'math' } });
    expect(items[0]?.question).toBe('How many vertical asymptotes does the graph of $y=\\frac{2}{x^2+x-6}$ have?');
    const raw = await records('math/test.jsonl');
    expect(countBy(raw, (r) => typeof r['level'])).toEqual({ string: 5000 });
    expect(items.map((item) => item.answer)).toEqual(raw.map((r) => normaliseAnswer(lastBoxed(String(r['solution'])) ?? '', MATH)));
  });

  it('holds MATH-500 as a subset: the same problems have the same gold', async () => {
    const full = new Map((await loadReal(math)).items.map((item) => [item.question, item.answer]));
    const subset = (await loadReal(math500)).items;
    const shared = subset.filter((item) => full.has(item.question));
    expect(shared.length).toBeGreaterThan(450);
    const agree = shared.filter((item) => full.get(item.question) === item.answer).length;
    expect(agree / shared.length).toBeGreaterThan(0.95);
  });
});

describe('lastBoxed', () => {
  it('takes the last \\boxed{} with nested braces', () => {
    expect(lastBoxed('so $\\boxed{\\frac{1}{2}}$.')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{1} or \\boxed{\\left\\{ 2 \\right\\}}')).toBe('\\left\\{ 2 \\right\\}');
    expect(lastBoxed('\\boxed {x^{2}}')).toBe('x^{2}');
    expect(lastBoxed('\\boxed{1} then \\fbox{3}')).toBe('3');
    expect(lastBoxed('\\boxed{\\text{(C)}}')).toBe('\\text{(C)}');
    expect(lastBoxed('\\boxed{1')).toBeUndefined();
    expect(lastBoxed('no box')).toBeUndefined();
  });
});
