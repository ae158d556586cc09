/**
 * Adaptive stopping rules for sampling paths, and their simulation over recorded paths.
 *
 * - `beta:C` (Adaptive-Consistency, Aggarwal et al. 2023): with v1 ≥ v2 the two largest answer counts so far, stop
 *   once P(p > 0.5) ≥ C for p ~ Beta(v1 + 1, v2 + 1), i.e. once the leader is the majority answer with
 *   confidence C. P(p > 0.5) = 1 − I_{0.5}(v1 + 1, v2 + 1), I the regularised incomplete beta function.
 * - `dirichlet:C` (Adaptive-Consistency's Dirichlet rule): with p ~ Dirichlet(c_1 + 1, …, c_m + 1) over the m answers
 *   seen so far, stop once P(p_leader > p_j for every other j) ≥ C, estimated with a fixed number of seeded Monte
 *   Carlo draws (deterministic for the same counts). With two answers it agrees with `beta:C` up to sampling error.
 * - `window:W` (Early-Stopping Self-Consistency, Li et al. 2024): paths are taken in windows of W; stop after a
 *   window whose W answers are all the same (an abstention is never part of a unanimous window). Checked at window
 *   ends only, as ESC samples a window at a time.
 * - `fixed:N`: stop after N paths (the baseline: plain self-consistency with N paths).
 * A rule is asked after each path; when it never says stop, every path is used.
 */

import { mulberry32 } from '../util/random.js';
import { InvalidArgumentError } from '../spec/errors/index.js';

export interface StopRule {
  /** The rule as written, e.g. `beta:0.95`. */
  readonly name: string;
  /**
   * Whether to stop after the paths so far. `counts`: paths per distinct answer (any order, abstentions left out);
   * `answers`: every path's answer so far in order (null: abstained), one string per answer group.
   */
  shouldStop(counts: readonly number[], answers: readonly (string | null)[]): boolean;
}

const RULES = ['beta:C (0.5 < C < 1)', 'dirichlet:C (0.5 < C < 1)', 'window:W (W ≥ 1)', 'fixed:N (N ≥ 1)'];

/** Parses `beta:C`, `dirichlet:C`, `window:W` or `fixed:N`; anything else is an InvalidArgumentError saying what is accepted. */
export function parseStopRule(text: string, path: readonly (string | number)[] = ['stop']): StopRule {
  const match = /^\s*(\w+)\s*:\s*(\S+)\s*$/u.exec(text);
  const fail = (message: string): never => {
    throw new InvalidArgumentError([{ path, message: `${message}; expected one of ${RULES.join(', ')}` }]);
  };
  if (match === null) return fail(`cannot read stop rule ${JSON.stringify(text)}`);
  const [, kind = '', raw = ''] = match;
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) return fail(`${kind}: ${JSON.stringify(raw)} is not a number`);
  switch (kind) {
    case 'beta':
      if (!(value > 0.5 && value < 1)) return fail(`beta: confidence must lie strictly between 0.5 and 1, got ${raw}`);
      return betaRule(value);
    case 'dirichlet':
      if (!(value > 0.5 && value < 1)) return fail(`dirichlet: confidence must lie strictly between 0.5 and 1, got ${raw}`);
      return dirichletRule(value);
    case 'window':
      if (!Number.isInteger(value) || value < 1) return fail(`window: size must be a whole number ≥ 1, got ${raw}`);
      return windowRule(value);
    case 'fixed':
      if (!Number.isInteger(value) || value < 1) return fail(`fixed: paths must be a whole number ≥ 1, got ${raw}`);
      return fixedRule(value);
    default:
      return fail(`unknown stop rule ${JSON.stringify(kind)}`);
  }
}

export function betaRule(confidence: number): StopRule {
  return {
    name: `beta:${confidence}`,
    shouldStop(counts) {
      let v1 = 0;
      let v2 = 0;
      for (const c of counts) {
        if (c > v1) [v1, v2] = [c, v1];
        else if (c > v2) v2 = c;
      }
      return majorityConfidence(v1, v2) >= confidence;
    },
  };
}

/** P(p > 0.5) for p ~ Beta(v1 + 1, v2 + 1). */
export function majorityConfidence(v1: number, v2: number): number {
  return 1 - regularisedIncompleteBeta(0.5, v1 + 1, v2 + 1);
}

/** Draws per Dirichlet check: the estimate's standard error is below 0.005 near C = 0.95. */
const DIRICHLET_DRAWS = 4000;

export function dirichletRule(confidence: number): StopRule {
  return {
    name: `dirichlet:${confidence}`,
    shouldStop(counts) {
      const answered = counts.filter((c) => c > 0);
      if (answered.length === 0) return false;
      return leaderProbability(answered) >= confidence;
    },
  };
}

/**
 * P(the leader's share is the largest) for shares ~ Dirichlet(counts + 1), by Monte Carlo with a seed fixed by the
 * counts. Gamma(k) for a whole k is a sum of k exponentials, so each draw is exact.
 */
export function leaderProbability(counts: readonly number[]): number {
  if (counts.length === 1) {
    // One answer seen: the alternatives are one answer with no votes yet, as in the Beta rule.
    return majorityConfidence(counts[0] as number, 0);
  }
  const leader = counts.indexOf(Math.max(...counts));
  const random = mulberry32(counts.reduce((h, c) => (h * 31 + c) >>> 0, 17));
  const gamma = (shape: number): number => {
    let sum = 0;
    for (let i = 0; i < shape; i++) sum -= Math.log(1 - random());
    return sum;
  };
  let wins = 0;
  for (let draw = 0; draw < DIRICHLET_DRAWS; draw++) {
    const lead = gamma((counts[leader] as number) + 1);
    let beaten = false;
    for (let j = 0; j < counts.length && !beaten; j++) if (j !== leader && gamma((counts[j] as number) + 1) >= lead) beaten = true;
    if (!beaten) wins++;
  }
  return wins / DIRICHLET_DRAWS;
}

export function windowRule(size: number): StopRule {
  return {
    name: `window:${size}`,
    shouldStop(_counts, answers) {
      if (answers.length === 0 || answers.length % size !== 0) return false;
      const first = answers[answers.length - size];
      if (first === null || first === undefined) return false;
      for (let i = answers.length - size + 1; i < answers.length; i++) if (answers[i] !== first) return false;
      return true;
    },
  };
}

export function fixedRule(paths: number): StopRule {
  return { name: `fixed:${paths}`, shouldStop: (_counts, answers) => answers.length >= paths };
}

/** Where a rule stopped over one order of paths: how many it used (all of them when it never stopped). */
export function stoppingPoint(rule: StopRule, answers: readonly (string | null)[]): number {
  const counts = new Map<string, number>();
  const seen: (string | null)[] = [];
  for (const answer of answers) {
    seen.push(answer);
    if (answer !== null) counts.set(answer, (counts.get(answer) ?? 0) + 1);
    if (rule.shouldStop([...counts.values()], seen)) return seen.length;
  }
  return answers.length;
}

/** A seeded generator in [0, 1) (mulberry32): orders reproduce across runs and machines. */
export const seededRandom = mulberry32;

/** A Fisher–Yates shuffle of 0..n−1. */
export function shuffledOrder(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

// ---- The regularised incomplete beta function ----

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < c.length; i++) sum += (c[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0 and 0 ≤ x ≤ 1, by the continued fraction of DLMF 8.17.22
 * evaluated with the modified Lentz method, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction
 * converges slowly (x > (a + 1)/(a + b + 2)).
 */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) {
    throw new InvalidArgumentError(`regularisedIncompleteBeta needs a, b > 0 and 0 ≤ x ≤ 1, got x=${x}, a=${a}, b=${b}`);
  }
  if (x === 0 || x === 1) return x;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

const TINY = 1e-300;

function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    let term = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
    term = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  return h;
}
