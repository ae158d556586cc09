/** One evaluated item's sampled answers (null = abstained) and how to grade an answer. */
export interface SampledItem {
  readonly answers: readonly (string | null)[];
  readonly correct: (answer: string | null) => boolean;
}

/** Number of ways to choose k of n. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 0; i < k; i++) result = (result * (n - i)) / (i + 1);
  return result;
}

/**
 * maj@k estimated without bias from K ≥ k recorded paths: the expected accuracy of a majority vote over k paths
 * drawn without replacement from the K, computed exactly by enumerating subsets when there are few, else by
 * averaging 2,000 random subsets (a Monte Carlo estimate of the same expectation). Abstentions do not vote; a subset
 * with no answer counts as wrong; ties go to the answer that appears first in the subset, as vote() breaks them.
 */
export function majorityAtK(items: readonly SampledItem[], k: number, draws = 2000): number {
  if (items.length === 0) return 0;
  let total = 0;
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  for (const item of items) {
    const n = item.answers.length;
    if (k > n) throw new Error(`maj@${k} needs at least ${k} paths, item has ${n}`);
    const exact = choose(n, k) <= draws;
    let right = 0;
    let count = 0;
    const evaluate = (subset: readonly number[]): void => {
      count++;
      if (item.correct(majority(subset.map((i) => item.answers[i] ?? null)))) right++;
    };
    if (exact) forEachSubset(n, k, evaluate);
    else {
      for (let d = 0; d < draws; d++) {
        const indices = Array.from({ length: n }, (_, i) => i);
        for (let i = 0; i < k; i++) {
          const j = i + Math.floor(random() * (n - i));
          [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
        }
        evaluate(indices.slice(0, k).sort((a, b) => a - b));
      }
    }
    total += right / count;
  }
  return total / items.length;
}

function forEachSubset(n: number, k: number, visit: (subset: readonly number[]) => void): void {
  const subset: number[] = [];
  const walk = (start: number): void => {
    if (subset.length === k) return visit(subset);
    for (let i = start; i <= n - (k - subset.length); i++) {
      subset.push(i);
      walk(i + 1);
      subset.pop();
    }
  };
  walk(0);
}

function majority(answers: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [a, c] of counts) if (c > bestCount) [best, bestCount] = [a, c];
  return best;
}

const BUCKETS = [
  { label: '≤ 40%', low: 0, high: 0.4 },
  { label: '40–60%', low: 0.4, high: 0.6 },
  { label: '60–80%', low: 0.6, high: 0.8 },
  { label: '80–100%', low: 0.8, high: 1.0001 },
];

/** Accuracy of the full-vote answer per bucket of its vote share, and the expected calibration error. */
export function calibration(items: readonly SampledItem[]): {
  buckets: { label: string; items: number; accuracy: number; meanShare: number }[];
  expectedCalibrationError: number;
} {
  const rows = BUCKETS.map((b) => ({ label: b.label, items: 0, right: 0, share: 0 }));
  for (const item of items) {
    const answered = item.answers.filter((a): a is string => a !== null);
    const winner = majority(item.answers);
    const share = winner === null ? 0 : answered.filter((a) => a === winner).length / answered.length;
    const row = rows[BUCKETS.findIndex((b) => share >= b.low && share < b.high)];
    if (!row) continue;
    row.items++;
    row.share += share;
    if (item.correct(winner)) row.right++;
  }
  const n = items.length || 1;
  const buckets = rows.map((r) => ({ label: r.label, items: r.items, accuracy: r.items ? r.right / r.items : 0, meanShare: r.items ? r.share / r.items : 0 }));
  const expectedCalibrationError = buckets.reduce((e, b) => e + (b.items / n) * Math.abs(b.accuracy - b.meanShare), 0);
  return { buckets, expectedCalibrationError };
}
