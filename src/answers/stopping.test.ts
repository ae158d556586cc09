import { describe, expect, it } from 'vitest';
import { binomial } from '../eval/metrics.js';
import {
  betaRule,
  leaderProbability,
  logGamma,
  majorityConfidence,
  parseStopRule,
  regularisedIncompleteBeta,
  seededRandom,
  shuffledOrder,
  stoppingPoint,
} from './stopping.js';

/** P(Bin(n, p) ≥ a): for whole a, b, I_x(a, b) = P(Bin(a + b − 1, x) ≥ a). */
function binomialTail(n: number, p: number, a: number): number {
  let sum = 0;
  for (let j = a; j <= n; j++) sum += binomial(n, j) * p ** j * (1 - p) ** (n - j);
  return sum;
}

/** I_x(a, b) by Simpson's rule on the beta density (a, b ≥ 2, so the integrand is smooth enough for 8 digits). */
function simpson(x: number, a: number, b: number): number {
  const f = (t: number): number => t ** (a - 1) * (1 - t) ** (b - 1);
  const integrate = (to: number): number => {
    const n = 20_000;
    const h = to / n;
    let s = f(0) + f(to);
    for (let i = 1; i < n; i++) s += (i % 2 === 0 ? 2 : 4) * f(i * h);
    return (s * h) / 3;
  };
  return integrate(x) / integrate(1);
}

describe('regularisedIncompleteBeta', () => {
  it('matches closed forms', () => {
    expect(regularisedIncompleteBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 12);
    expect(regularisedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularisedIncompleteBeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 12);
    expect(regularisedIncompleteBeta(0.3, 1, 6)).toBeCloseTo(1 - 0.7 ** 6, 12);
    expect(regularisedIncompleteBeta(0.3, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.3)), 12);
    expect(regularisedIncompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
    expect(regularisedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularisedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('matches the binomial tail for whole parameters, on both sides of the symmetry switch', () => {
    for (const [x, a, b] of [
      [0.7, 10, 5],
      [0.5, 31, 26],
      [0.5, 41, 1],
      [0.2, 3, 30],
      [0.9, 60, 2],
    ] as const) {
      expect(regularisedIncompleteBeta(x, a, b), `I_${x}(${a}, ${b})`).toBeCloseTo(binomialTail(a + b - 1, x, a), 12);
    }
  });

  it('matches numerical integration for fractional parameters', () => {
    expect(regularisedIncompleteBeta(0.4, 2.5, 3.5)).toBeCloseTo(simpson(0.4, 2.5, 3.5), 8);
    expect(regularisedIncompleteBeta(0.3, 2.25, 7.75)).toBeCloseTo(simpson(0.3, 2.25, 7.75), 8);
  });

  it('rejects parameters outside the domain', () => {
    expect(() => regularisedIncompleteBeta(0.5, 0, 1)).toThrow(/a, b > 0/);
    expect(() => regularisedIncompleteBeta(1.5, 1, 1)).toThrow(/0 ≤ x ≤ 1/);
  });

  it('uses an accurate log-gamma', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });
});

describe('stop rules', () => {
  it('beta:C stops once P(p > 0.5) ≥ C for p ~ Beta(v1 + 1, v2 + 1)', () => {
    expect(majorityConfidence(3, 0)).toBeCloseTo(1 - 0.5 ** 4, 12);
    const rule = betaRule(0.95);
    expect(rule.shouldStop([3], ['a', 'a', 'a'])).toBe(false); // 0.9375
    expect(rule.shouldStop([4], ['a', 'a', 'a', 'a'])).toBe(true); // 0.96875
    expect(rule.shouldStop([1, 4, 2], [])).toBe(false); // top two 4, 2
    expect(rule.shouldStop([2, 9, 1], [])).toBe(true);
    expect(rule.shouldStop([], [null, null])).toBe(false);
  });

  it('window:W stops after a unanimous window, checked at window ends', () => {
    const rule = parseStopRule('window:3');
    expect(stoppingPoint(rule, ['a', 'a', 'a', 'b'])).toBe(3);
    expect(stoppingPoint(rule, ['b', 'a', 'a', 'a', 'a', 'a'])).toBe(6);
    expect(stoppingPoint(rule, ['a', 'a', null, 'a', 'a', 'a'])).toBe(6);
    expect(stoppingPoint(rule, ['a', 'a', null, 'a', 'a', 'b', 'a'])).toBe(7);
  });

  it('fixed:N stops after N paths; a rule that never stops uses every path', () => {
    expect(stoppingPoint(parseStopRule('fixed:2'), ['a', 'b', 'c'])).toBe(2);
    expect(stoppingPoint(parseStopRule('fixed:9'), ['a', 'b', 'c'])).toBe(3);
    expect(stoppingPoint(parseStopRule(' beta : 0.99 '), ['a', 'b', 'a', 'b'])).toBe(4);
  });

  it('rejects bad rule strings with what is accepted', () => {
    expect(() => parseStopRule('beta')).toThrow(/cannot read stop rule "beta"; expected one of beta:C/);
    expect(() => parseStopRule('beta:0.4')).toThrow(/strictly between 0.5 and 1/);
    expect(() => parseStopRule('beta:x')).toThrow(/"x" is not a number/);
    expect(() => parseStopRule('window:2.5')).toThrow(/whole number ≥ 1/);
    expect(() => parseStopRule('fixed:0')).toThrow(/whole number ≥ 1/);
    expect(() => parseStopRule('often:3', ['--stop'])).toThrow(/--stop: unknown stop rule "often"/);
  });
});

describe('seeded orders', () => {
  it('are reproducible permutations', () => {
    const a = shuffledOrder(10, seededRandom(1));
    expect(shuffledOrder(10, seededRandom(1))).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffledOrder(10, seededRandom(2))).not.toEqual(a);
  });
});

describe('dirichlet rule', () => {
  it('agrees with the beta rule on two answers, within Monte Carlo error', () => {
    for (const [v1, v2] of [[5, 1], [8, 3], [4, 4], [12, 2], [3, 0]] as const) {
      expect(Math.abs(leaderProbability([v1, v2]) - majorityConfidence(v1, v2)), `${v1}:${v2}`).toBeLessThan(0.02);
    }
  });

  it('needs more votes when the rest spread over several answers than when it is one', () => {
    expect(leaderProbability([6, 2, 2])).toBeLessThan(leaderProbability([6, 4]) + 0.2);
    expect(leaderProbability([6, 1, 1, 1, 1])).toBeGreaterThan(0.8);
    expect(leaderProbability([3, 3])).toBeLessThan(0.55);
  });

  it('is deterministic, parses, and stops when the leader is clear', () => {
    expect(leaderProbability([7, 2, 1])).toBe(leaderProbability([7, 2, 1]));
    const rule = parseStopRule('dirichlet:0.95');
    expect(rule.name).toBe('dirichlet:0.95');
    expect(rule.shouldStop([2], ['a', 'a'])).toBe(false);
    expect(rule.shouldStop([8, 1], [])).toBe(true);
    expect(() => parseStopRule('dirichlet:1.2')).toThrow(/strictly between 0.5 and 1/);
  });
});
