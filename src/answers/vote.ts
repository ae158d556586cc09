/**
 * Voting over reasoning paths (Wang et al. 2022, Self-Consistency, Table 1 variants).
 *
 * - `majority`: each answering path counts 1; share = count / answering paths.
 * - `weighted-mean`: each answering path weighs exp(meanLogprob), its length-normalised probability.
 * - `weighted-sum`: each answering path weighs exp(logprob), its unnormalised probability.
 * Abstentions (answer null, or with a spec an answer that does not normalise) never vote and need no logprobs.
 * Weights are computed as exp(x − max x), so long paths whose exp(logprob) underflows still rank and share
 * exactly; `VoteRow.weight` reports the true sum exp(x), which may itself underflow to 0 for very long paths.
 *
 * Grouping: with `spec`, each answer is normalised and joins the first group whose answer equals it under
 * answersEqual (numbers within tolerance: "18" and "18.0" are one group, shown as the first one seen); without a
 * spec, answers group by exact string.
 *
 * Tie-break (order of `votes`, hence the winner): higher count (majority) or higher weight (weighted) first; among
 * equal scores, the answer that first appeared earlier among the paths (lower path index) first.
 */

import type { Aggregation, AnswerSpec, VoteOutcome, VoteRow } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { canonicalEqual, canonicalise, checkSpec } from './normalise.js';

export interface VoteInput {
  readonly answer: string | null;
  /** sum of token logprobs */
  readonly logprob?: number;
  readonly meanLogprob?: number;
}

export interface VoteOptions {
  /** @default 'majority' */
  readonly aggregation?: Aggregation;
  /** Normalise answers and group equal ones with answersEqual. */
  readonly spec?: AnswerSpec;
}

interface Group {
  readonly answer: string;
  readonly firstPath: number;
  count: number;
  /** Sum of exp(x − max). */
  scaled: number;
}

const AGGREGATIONS: readonly Aggregation[] = ['majority', 'weighted-mean', 'weighted-sum'];

export function vote(paths: readonly VoteInput[], options: VoteOptions = {}): VoteOutcome {
  const aggregation = options.aggregation ?? 'majority';
  const { spec } = options;
  if (!AGGREGATIONS.includes(aggregation)) {
    throw new InvalidArgumentError([
      { path: ['options', 'aggregation'], message: `must be one of ${AGGREGATIONS.join(', ')}, got ${JSON.stringify(aggregation)}` },
    ]);
  }
  if (spec !== undefined) checkSpec(spec, ['options', 'spec']);

  const answers = paths.map((path) => (path.answer === null || spec === undefined ? path.answer : canonicalise(path.answer, spec)));
  const logWeights = aggregation === 'majority' ? null : readLogWeights(paths, answers, aggregation);
  const maxLog = logWeights === null ? 0 : Math.max(...logWeights.filter((x): x is number => x !== null));

  const groups: Group[] = [];
  answers.forEach((answer, index) => {
    if (answer === null) return;
    const same = spec === undefined ? (g: Group) => g.answer === answer : (g: Group) => canonicalEqual(g.answer, answer, spec);
    let group = groups.find(same);
    if (group === undefined) {
      group = { answer, firstPath: index, count: 0, scaled: 0 };
      groups.push(group);
    }
    group.count += 1;
    const logWeight = logWeights?.[index];
    if (logWeight !== undefined && logWeight !== null) group.scaled += Math.exp(logWeight - maxLog);
  });

  const answered = answers.length - answers.filter((a) => a === null).length;
  const abstentions = paths.length - answered;
  if (groups.length === 0) return { answer: null, confidence: 0, votes: [], abstentions };

  const score = (g: Group): number => (logWeights === null ? g.count : g.scaled);
  groups.sort((a, b) => score(b) - score(a) || a.firstPath - b.firstPath);
  const total = groups.reduce((sum, g) => sum + score(g), 0);
  const votes: VoteRow[] = groups.map((g) =>
    logWeights === null
      ? { answer: g.answer, count: g.count, share: g.count / answered }
      : { answer: g.answer, count: g.count, share: g.scaled / total, weight: Math.exp(maxLog + Math.log(g.scaled)) },
  );
  const [winner] = votes;
  return { answer: winner?.answer ?? null, confidence: winner?.share ?? 0, votes, abstentions };
}

/**
 * The log-weight of every answering path (null for abstentions). A missing or non-finite value on an answering path
 * is an error naming the path: weighting it 0 would silently change the vote. Every bad path is listed at once.
 */
function readLogWeights(paths: readonly VoteInput[], answers: readonly (string | null)[], aggregation: Aggregation): (number | null)[] {
  const field = aggregation === 'weighted-mean' ? 'meanLogprob' : 'logprob';
  const issues: ArgumentIssue[] = [];
  const weights = paths.map((path, index) => {
    if (answers[index] === null) return null;
    const value = path[field];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    issues.push({
      path: ['paths', index, field],
      message: `path ${index} has ${value === undefined ? 'no' : `a non-finite ${String(value)} as`} ${field}; ${aggregation} voting needs it on every answering path`,
    });
    return null;
  });
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  return weights;
}
