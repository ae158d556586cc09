import { describe, expect, it } from 'vitest';
import { answersEqual } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { binomial, calibration, computeMetrics, majorityAtK, passAtK, wilsonInterval, type ScoredItem } from './metrics.js';

const number: AnswerSpec = { type: 'number' };

function item(answers: readonly (string | null)[], gold: string, extra: Partial<ScoredItem> = {}): ScoredItem {
  return {
    id: extra.id ?? 'q',
    gold,
    spec: number,
    paths: answers.map((answer) => ({ answer, tokens: 10 })),
    voted: null,
    correct: false,
    seconds: 1,
    inputTokens: 5,
    outputTokens: 10 * answers.length,
    ...extra,
  };
}

/** maj@k by enumerating every subset: ties split evenly, abstentions do not vote, an empty vote is wrong. */
function bruteMajority(answers: readonly (string | null)[], gold: string, k: number, spec: AnswerSpec = number): number {
  const n = answers.length;
  let sum = 0;
  let subsets = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) bits++;
    if (bits !== k) continue;
    subsets++;
    const counts: { answer: string; count: number }[] = [];
    for (let i = 0; i < n; i++) {
      const a = answers[i];
      if (!(mask & (1 << i)) || a === null || a === undefined) continue;
      const group = counts.find((c) => answersEqual(c.answer, a, spec));
      if (group) group.count++;
      else counts.push({ answer: a, count: 1 });
    }
    const top = Math.max(0, ...counts.map((c) => c.count));
    const tied = counts.filter((c) => c.count === top);
    if (top > 0) sum += tied.filter((c) => answersEqual(c.answer, gold, spec)).length / tied.length;
  }
  return sum / subsets;
}

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('majorityAtK', () => {
  it('matches brute-force enumeration on random small cases (K ≤ 10)', () => {
    const next = random(2024);
    const pool = ['1', '2', '3', '4', null];
    for (let trial = 0; trial < 60; trial++) {
      const size = 1 + Math.floor(next() * 10);
      const variety = 1 + Math.floor(next() * pool.length);
      const answers = Array.from({ length: size }, () => pool[Math.floor(next() * variety)] ?? null);
      const ks = Array.from({ length: size }, (_, i) => i + 1);
      const exact = majorityAtK(item(answers, '1'), ks);
      ks.forEach((k, i) => expect(exact[i], `${JSON.stringify(answers)} k=${k}`).toBeCloseTo(bruteMajority(answers, '1', k), 12));
    }
  });

  it('groups equal answers with answersEqual before counting ("18" and "18.0" are one answer)', () => {
    const answers = ['18', '17', '18.0', '17', null];
    const [k3] = majorityAtK(item(answers, '18'), [3]);
    expect(k3).toBeCloseTo(bruteMajority(answers, '18', 3), 12);
    // Exact-string grouping would make 17 the majority of all five; grouped, it is a 2–2 tie.
    expect(majorityAtK(item(answers, '18'), [5])[0]).toBeCloseTo(0.5, 12);
  });

  it('splits ties evenly and counts an all-abstain subset as wrong', () => {
    expect(majorityAtK(item(['1', '2'], '1'), [2])[0]).toBeCloseTo(0.5, 12);
    expect(majorityAtK(item(['1', null, null], '1'), [1, 2, 3])).toEqual([1 / 3, 2 / 3, 1].map((v) => expect.closeTo(v, 12)));
    expect(majorityAtK(item([null, null], '1'), [1, 2])).toEqual([0, 0]);
  });

  it('maj@1 is the share of right paths', () => {
    expect(majorityAtK(item(['1', '1', '2', null], '1'), [1])[0]).toBeCloseTo(0.5, 12);
  });

  it('agrees with the hypergeometric formula for two answers at K = 40', () => {
    // 22 right, 18 wrong, k = 9 (odd: no ties): P(right ≥ 5 of 9).
    const answers = [...Array<string>(22).fill('1'), ...Array<string>(18).fill('2')];
    let expected = 0;
    for (let x = 5; x <= 9; x++) expected += (binomial(22, x) * binomial(18, 9 - x)) / binomial(40, 9);
    expect(majorityAtK(item(answers, '1'), [9])[0]).toBeCloseTo(expected, 12);
  });
});

describe('passAtK', () => {
  it('is 1 − C(n−c, k)/C(n, k)', () => {
    expect(passAtK(10, 3, 2)).toBeCloseTo(1 - binomial(7, 2) / binomial(10, 2), 12);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 6, 5)).toBe(1);
    expect(passAtK(40, 1, 1)).toBeCloseTo(1 / 40, 12);
  });
});

describe('wilsonInterval', () => {
  it('matches known values', () => {
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2553, 3);
    expect(hi).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe('computeMetrics', () => {
  const items = [
    item(['1', '1', '2'], '1', { id: 'a', voted: '1', correct: true, seconds: 2 }),
    item(['2', '2', '1'], '1', { id: 'b', voted: '2', correct: false }),
    item([null, null, null], '1', { id: 'c' }),
  ];

  it('reports accuracy, abstention, maj@k and pass@k for every k up to the fewest paths', () => {
    const m = computeMetrics(items);
    expect(m.items).toBe(3);
    expect(m.accuracy).toBeCloseTo(1 / 3, 12);
    expect(m.abstentionRate).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(m.majAtK)).toEqual(['1', '2', '3']);
    expect(m.majAtK['1']).toBeCloseTo((2 / 3 + 1 / 3) / 3, 12);
    expect(m.majAtK['3']).toBeCloseTo(1 / 3, 12);
    expect(m.passAtK['1']).toBeCloseTo((2 / 3 + 1 / 3) / 3, 12);
    expect(m.passAtK['3']).toBeCloseTo(2 / 3, 12);
    expect(m.tokensPerItem).toBe(35);
    expect(m.tokensPerCorrect).toBe(105);
    expect(m.secondsPerItem).toBeCloseTo(4 / 3, 12);
    expect(m.secondsPerCorrect).toBe(4);
    expect(m.ci95[0]).toBeLessThan(1 / 3);
    expect(m.ci95[1]).toBeGreaterThan(1 / 3);
  });

  it('takes listed ks and rejects ones the items cannot give', () => {
    expect(Object.keys(computeMetrics(items, { ks: [3, 1] }).majAtK)).toEqual(['1', '3']);
    expect(() => computeMetrics(items, { ks: [4] })).toThrow(/maj@4 needs 4 paths per item; item a has 3/);
    expect(() => computeMetrics(items, { ks: [0] })).toThrow(/ks\.0/);
  });

  it('counts an item without paths (a failure row) wrong at every k, without limiting k', () => {
    const m = computeMetrics([...items, item([], '1', { id: 'failed' })]);
    expect(Object.keys(m.majAtK)).toEqual(['1', '2', '3']);
    expect(m.majAtK['3']).toBeCloseTo(1 / 4, 12);
    expect(m.passAtK['3']).toBeCloseTo(2 / 4, 12);
    expect(m.items).toBe(4);
  });

  it('handles no items', () => {
    const m = computeMetrics([]);
    expect(m).toMatchObject({ items: 0, accuracy: 0, ci95: [0, 1], majAtK: {}, tokensPerCorrect: null });
  });
});

describe('calibration', () => {
  it('buckets each item by its vote share and computes the ECE', () => {
    const c = calibration([
      item(['1', '1', '1', '1'], '1', { voted: '1', correct: true }),
      item(['1', '2'], '2', { voted: '1', correct: false }),
      item(['7', '8', '9'], '0', { voted: '7', correct: false }),
      item([null], '0'),
    ]);
    const byLabel = Object.fromEntries(c.buckets.map((b) => [b.label, b]));
    expect(byLabel['80–100%']).toMatchObject({ items: 1, accuracy: 1, meanShare: 1 });
    expect(byLabel['40–60%']).toMatchObject({ items: 1, accuracy: 0, meanShare: 0.5 });
    expect(byLabel['20–40%']).toMatchObject({ items: 1, accuracy: 0 });
    expect(byLabel['0–20%']).toMatchObject({ items: 1, accuracy: 0, meanShare: 0 });
    expect(byLabel['60–80%']).toMatchObject({ items: 0, accuracy: null });
    expect(c.ece).toBeCloseTo((0.5 + 1 / 3) / 4, 12);
  });

  it('uses the reported confidence where the item has one', () => {
    const c = calibration([item(['1', '2'], '1', { voted: '1', correct: true, confidence: 0.9 })]);
    expect(c.buckets.at(-1)).toMatchObject({ items: 1, meanShare: 0.9 });
  });
});
