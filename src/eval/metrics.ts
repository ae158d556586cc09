/**
 * Metrics of one evaluation run, over its scored items: accuracy with a Wilson interval, abstention, maj@k and
 * pass@k for every k, cost per item and per correct item, and calibration of the vote share.
 *
 * Grading: an answer is right when gradeAnswer says it equals the gold answer under the item's spec (both sides
 * normalised, numbers within tolerance, math as exact rationals). Within maj@k and pass@k the paths' answers are first normalised (an answer
 * that does not normalise abstains, as in vote()) and grouped with answersEqual, so "18" and "18.0" are one answer.
 */

import { answersEqual, gradeAnswer, normaliseAnswer, vote } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';

/** One evaluated question, as the run loop records it. */
export interface ScoredItem {
  readonly id: string;
  readonly gold: string;
  readonly spec: AnswerSpec;
  /** Every sampled path, in sampling order; `answer` null is an abstention. */
  readonly paths: readonly { readonly answer: string | null; readonly tokens: number; readonly logprob?: number }[];
  /** The final answer of the item's vote, null when no path answered. */
  readonly voted: string | null;
  readonly correct: boolean;
  /** The vote's confidence (the winner's share) as the strategy reported it; default: its majority share of the paths. */
  readonly confidence?: number;
  readonly seconds: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface CalibrationBucket {
  readonly label: string;
  /** Vote shares in [low, high); the last bucket includes 1. */
  readonly low: number;
  readonly high: number;
  readonly items: number;
  /** Null for an empty bucket. */
  readonly accuracy: number | null;
  readonly meanShare: number | null;
}

export interface Calibration {
  readonly buckets: readonly CalibrationBucket[];
  /** Expected calibration error: Σ (items in bucket / items) × |accuracy − mean share|. */
  readonly ece: number;
}

export interface Metrics {
  readonly items: number;
  /** Share of items whose vote was right; 0 for no items. */
  readonly accuracy: number;
  /** Wilson score interval at 95% ([0, 1] for no items). */
  readonly ci95: readonly [number, number];
  /** Share of items whose vote had no answer (every path abstained). */
  readonly abstentionRate: number;
  /** maj@k by k (as a string key), see {@link majorityAtK}. */
  readonly majAtK: Readonly<Record<string, number>>;
  /** pass@k by k, see {@link passAtK}. */
  readonly passAtK: Readonly<Record<string, number>>;
  /** Mean input + output tokens per item. */
  readonly tokensPerItem: number;
  readonly secondsPerItem: number;
  /** Total tokens / correct items; null when no item is right. */
  readonly tokensPerCorrect: number | null;
  readonly secondsPerCorrect: number | null;
  readonly calibration: Calibration;
}

export interface MetricsOptions {
  /** The k of maj@k and pass@k. @default every k from 1 to the fewest paths any item has (items with none aside) */
  readonly ks?: readonly number[];
}

/** Z of a two-sided 95% normal interval. */
const Z95 = 1.959963984540054;

export function computeMetrics(items: readonly ScoredItem[], options: MetricsOptions = {}): Metrics {
  const n = items.length;
  const ks = resolveKs(items, options.ks);
  const correct = items.filter((item) => item.correct).length;
  const majAtK: Record<string, number> = {};
  const passAtKs: Record<string, number> = {};
  for (const k of ks) {
    majAtK[String(k)] = 0;
    passAtKs[String(k)] = 0;
  }
  for (const item of items) {
    // An item with no path (a failure row of the run store) is wrong at every k.
    if (item.paths.length === 0) continue;
    const groups = groupPaths(item);
    const maj = majorityFromGroups(groups, item.paths.length, ks);
    const right = groups.groups.reduce((sum, g) => sum + (g.correct ? g.count : 0), 0);
    ks.forEach((k, i) => {
      majAtK[String(k)] = (majAtK[String(k)] ?? 0) + (maj[i] ?? 0) / n;
      passAtKs[String(k)] = (passAtKs[String(k)] ?? 0) + passAtK(item.paths.length, right, k) / n;
    });
  }
  const tokens = items.reduce((sum, item) => sum + item.inputTokens + item.outputTokens, 0);
  const seconds = items.reduce((sum, item) => sum + item.seconds, 0);
  return {
    items: n,
    accuracy: n === 0 ? 0 : correct / n,
    ci95: wilsonInterval(correct, n),
    abstentionRate: n === 0 ? 0 : items.filter((item) => item.voted === null).length / n,
    majAtK,
    passAtK: passAtKs,
    tokensPerItem: n === 0 ? 0 : tokens / n,
    secondsPerItem: n === 0 ? 0 : seconds / n,
    tokensPerCorrect: correct === 0 ? null : tokens / correct,
    secondsPerCorrect: correct === 0 ? null : seconds / correct,
    calibration: calibration(items),
  };
}

/** The Wilson score interval of a binomial proportion (better than the normal one near 0 and 1 and for small n). */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * pass@k, the unbiased estimator of Chen et al. 2021 (Codex, eq. 1): with n paths of which c are right, the chance
 * that k paths drawn without replacement hold at least one right one, 1 − C(n−c, k) / C(n, k), computed as
 * 1 − Π_{i=n−c+1..n} (1 − k/i) so no binomial overflows.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (c === 0) return 0;
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** One answer group of an item's paths. */
interface AnswerGroup {
  readonly answer: string;
  readonly count: number;
  readonly correct: boolean;
}

interface ItemGroups {
  readonly groups: readonly AnswerGroup[];
  readonly abstentions: number;
}

/**
 * Normalises each answer and groups equal ones exactly as vote() does (canonical forms, answersEqual); returns the
 * groups (most paths first) and each answer's group representative (null: abstained, or did not normalise).
 */
export function groupAnswers(answers: readonly (string | null)[], spec: AnswerSpec): { groups: { answer: string; count: number }[]; keys: (string | null)[]; abstentions: number } {
  const outcome = vote(answers.map((answer) => ({ answer })), { spec });
  const groups = outcome.votes.map((v) => ({ answer: v.answer, count: v.count }));
  const exact = new Map(groups.map((g) => [g.answer, g.answer]));
  const keys = answers.map((raw) => {
    const answer = raw === null ? null : normaliseAnswer(raw, spec);
    if (answer === null) return null;
    // A miss is an answer within tolerance of its group's first one but written differently ("18" and "18.0000001").
    return exact.get(answer) ?? groups.find((g) => answersEqual(g.answer, answer, spec))?.answer ?? null;
  });
  return { groups, keys, abstentions: outcome.abstentions };
}

/** An item's answer groups (as vote() groups them), each graded against gold. */
function groupPaths(item: ScoredItem): ItemGroups {
  const outcome = vote(item.paths.map((path) => ({ answer: path.answer })), { spec: item.spec });
  return {
    groups: outcome.votes.map((v) => ({ answer: v.answer, count: v.count, correct: grade(v.answer, item.gold, item.spec) })),
    abstentions: outcome.abstentions,
  };
}

/** Whether a predicted answer is right: gradeAnswer, which throws for a gold answer that is not valid under the spec. */
function grade(predicted: string, gold: string, spec: AnswerSpec): boolean {
  return gradeAnswer(predicted, gold, spec);
}

/**
 * maj@k of one item for each k of `ks`: the expected correctness of a majority vote over k of its K paths drawn
 * uniformly without replacement, i.e. the mean over all C(K, k) subsets. Abstentions do not vote, a subset with no
 * answer is wrong, and a tie between t + 1 top answers goes to each with chance 1/(t + 1). Unbiased for the
 * accuracy of a k-path vote, and exact: no subset is enumerated or sampled.
 *
 * Closed form: for each right group g (size n_g) and each count x ≥ 1 of g in the subset, groups smaller than x can
 * never reach x, so they pool with the abstentions into F free paths; a DP over the other groups of size ≥ x counts
 * the ways Π C(n_j, y_j) to take y_j ≤ x from each, by total taken s and by ties t (y_j = x). Then
 *   maj@k = Σ_g Σ_x C(n_g, x) Σ_{s,t} ways(s, t) · C(F, k − x − s) / (t + 1)  /  C(K, k).
 */
export function majorityAtK(item: ScoredItem, ks: readonly number[]): number[] {
  return majorityFromGroups(groupPaths(item), item.paths.length, ks);
}

function majorityFromGroups(item: ItemGroups, total: number, ks: readonly number[]): number[] {
  const kMax = Math.max(0, ...ks);
  if (kMax > total) throw new InvalidArgumentError(`maj@${kMax} needs at least ${kMax} paths; an item has ${total}`);
  const wins = new Float64Array(kMax + 1);
  const { groups } = item;
  for (let g = 0; g < groups.length; g++) {
    const winner = groups[g] as AnswerGroup;
    if (!winner.correct) continue;
    const winnerRow = pascalRow(winner.count);
    for (let x = 1; x <= Math.min(winner.count, kMax); x++) {
      let free = item.abstentions;
      const rivals: number[] = [];
      for (let j = 0; j < groups.length; j++) {
        if (j === g) continue;
        const size = (groups[j] as AnswerGroup).count;
        if (size >= x) rivals.push(size);
        else free += size;
      }
      const room = kMax - x;
      const { ways, ties } = rivalWays(rivals, x, room);
      // Ties weighted 1/(t + 1), summed over t: the weight of taking s rival paths.
      const width = room + 1;
      const bySum = new Float64Array(width);
      for (let t = 0; t <= ties; t++) for (let s = t * x; s <= room; s++) bySum[s] = (bySum[s] as number) + (ways[t * width + s] as number) / (t + 1);
      const freeRow = pascalRow(free);
      const scale = winnerRow[x] as number;
      for (let s = 0; s <= room; s++) {
        const w = bySum[s] as number;
        if (w === 0) continue;
        for (let r = 0; r <= Math.min(free, room - s); r++) {
          const k = x + s + r;
          wins[k] = (wins[k] as number) + scale * w * (freeRow[r] as number);
        }
      }
    }
  }
  const totalRow = pascalRow(total);
  return ks.map((k) => (wins[k] as number) / (totalRow[k] as number));
}

/**
 * ways[t·(room+1) + s]: the number of ways to take y_j ≤ x paths from each rival group (sizes ≥ x), s in all with
 * s ≤ room, where exactly t groups give x (a tie with the winner). t·x ≤ s, so t stops at room / x.
 */
function rivalWays(rivals: readonly number[], x: number, room: number): { ways: Float64Array; ties: number } {
  const width = room + 1;
  const ties = Math.min(rivals.length, Math.floor(room / x));
  let ways = new Float64Array((ties + 1) * width);
  ways[0] = 1;
  rivals.forEach((size, done) => {
    const row = pascalRow(size);
    const next = new Float64Array(ways.length);
    const reach = Math.min(room, done * x);
    for (let t = 0; t <= Math.min(done, ties); t++) {
      for (let s = t * x; s <= reach; s++) {
        const w = ways[t * width + s] as number;
        if (w === 0) continue;
        const top = Math.min(x, room - s);
        for (let y = 0; y <= top; y++) {
          if (y === x && t === ties) break;
          const at = (y === x ? t + 1 : t) * width + s + y;
          next[at] = (next[at] as number) + w * (row[y] as number);
        }
      }
    }
    ways = next;
  });
  return { ways, ties };
}

const pascal: Float64Array[] = [Float64Array.of(1)];

/** C(n, k) from a cached Pascal triangle (exact below 2^53, and finite up to n = 1029). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n || n < 0) return 0;
  return pascalRow(n)[k] as number;
}

/** Row n of Pascal's triangle: C(n, 0..n). */
function pascalRow(n: number): Float64Array {
  for (let m = pascal.length; m <= n; m++) {
    const above = pascal[m - 1] as Float64Array;
    const row = new Float64Array(m + 1);
    row[0] = 1;
    row[m] = 1;
    for (let i = 1; i < m; i++) row[i] = (above[i - 1] ?? 0) + (above[i] ?? 0);
    pascal.push(row);
  }
  return pascal[n] as Float64Array;
}

/** Items without any path (failures) do not limit k: they count as wrong at every k. */
function resolveKs(all: readonly ScoredItem[], ks: readonly number[] | undefined): number[] {
  const items = all.filter((item) => item.paths.length > 0);
  const fewest = items.length === 0 ? 0 : items.reduce((min, item) => Math.min(min, item.paths.length), Infinity);
  if (ks === undefined) return Array.from({ length: fewest }, (_, i) => i + 1);
  const issues: ArgumentIssue[] = [];
  ks.forEach((k, index) => {
    if (!Number.isInteger(k) || k < 1) issues.push({ path: ['ks', index], message: `must be a whole number ≥ 1, got ${String(k)}` });
    else if (items.length > 0 && k > fewest) {
      const short = items.find((item) => item.paths.length < k);
      issues.push({ path: ['ks', index], message: `maj@${k} needs ${k} paths per item; item ${short?.id ?? '?'} has ${short?.paths.length ?? fewest}` });
    }
  });
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  return [...new Set(ks)].sort((a, b) => a - b);
}

const BUCKET_EDGES = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * Accuracy of each item's vote per bucket of its confidence (vote share), and the expected calibration error.
 * An item that abstained has share 0 and is wrong.
 */
export function calibration(items: readonly ScoredItem[]): Calibration {
  const rows = BUCKET_EDGES.slice(0, -1).map((low, i) => ({ low, high: BUCKET_EDGES[i + 1] as number, items: 0, right: 0, share: 0 }));
  for (const item of items) {
    const share = voteShare(item);
    const row = rows.find((r) => share < r.high) ?? rows.at(-1);
    if (row === undefined) continue;
    row.items++;
    row.share += share;
    if (item.correct) row.right++;
  }
  const buckets = rows.map((r) => ({
    label: `${Math.round(r.low * 100)}–${Math.round(r.high * 100)}%`,
    low: r.low,
    high: r.high,
    items: r.items,
    accuracy: r.items === 0 ? null : r.right / r.items,
    meanShare: r.items === 0 ? null : r.share / r.items,
  }));
  const n = items.length;
  const ece = buckets.reduce((e, b) => (b.items === 0 ? e : e + (b.items / n) * Math.abs((b.accuracy ?? 0) - (b.meanShare ?? 0))), 0);
  return { buckets, ece };
}

/** The item's reported confidence, else the voted answer's share of the answering paths. */
function voteShare(item: ScoredItem): number {
  if (item.confidence !== undefined) return item.confidence;
  if (item.voted === null) return 0;
  const voted = item.voted;
  const { groups } = groupPaths(item);
  const answered = groups.reduce((sum, g) => sum + g.count, 0);
  const group = groups.find((g) => g.answer === voted || answersEqual(g.answer, voted, item.spec));
  return answered === 0 || group === undefined ? 0 : group.count / answered;
}
