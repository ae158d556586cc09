import { describe, expect, it } from 'vitest';
import { calibration, majorityAtK, type SampledItem } from './metrics.js';

const item = (answers: (string | null)[], gold: string): SampledItem => ({ answers, correct: (a) => a === gold });

describe('majorityAtK', () => {
  it('maj@1 is the share of right paths; abstentions count as wrong', () => {
    expect(majorityAtK([item(['a', 'a', 'b', null], 'a')], 1)).toBeCloseTo(0.5, 12);
  });

  it('averages the majority over every subset of k paths (ties to the earlier path)', () => {
    // Subsets of 2 from [a, b, a]: {a,b} → a, {a,a} → a, {b,a} → b: 2 of 3 right.
    expect(majorityAtK([item(['a', 'b', 'a'], 'a')], 2)).toBeCloseTo(2 / 3, 12);
    expect(majorityAtK([item(['a', 'b', 'a'], 'a')], 3)).toBe(1);
  });

  it('estimates large k by sampling subsets, close to the exact value', () => {
    const answers = [...Array(9).fill('a'), ...Array(7).fill('b')] as string[];
    const estimate = majorityAtK([item(answers, 'a')], 8); // C(16, 8) = 12,870 subsets > 2,000 draws: sampled
    const exact = majorityAtK([item(answers, 'a')], 8, 20_000); // enumerated
    // a wins with ≥ 5 of 8 (P = 0.5) and every 4–4 tie (P = 0.343), since the a paths come first.
    expect(exact).toBeCloseTo(0.5 + 4410 / 12870, 12);
    expect(Math.abs(estimate - exact)).toBeLessThan(0.03);
  });

  it('refuses k larger than the paths recorded', () => {
    expect(() => majorityAtK([item(['a'], 'a')], 2)).toThrow(/maj@2 needs at least 2 paths/);
  });
});

describe('calibration', () => {
  it('puts each item in the bucket of its winning share', () => {
    const result = calibration([item(['a', 'a', 'a', 'a'], 'a'), item(['a', 'b'], 'b'), item(['x', 'y', 'z'], 'q')]);
    const byLabel = Object.fromEntries(result.buckets.map((b) => [b.label, b]));
    expect(byLabel['80–100%']).toMatchObject({ items: 1, accuracy: 1 });
    expect(byLabel['40–60%']).toMatchObject({ items: 1, accuracy: 0 });
    expect(byLabel['≤ 40%']).toMatchObject({ items: 1, accuracy: 0 });
    expect(result.expectedCalibrationError).toBeGreaterThan(0);
  });
});
