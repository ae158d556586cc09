/**
 * Scoring recorded generations offline (`concord score`): extract every sample's answer from its text (a stored
 * answer is never trusted), vote, grade, and compute the run's metrics; optionally simulate an adaptive stopping rule
 * over the recorded order of the samples and over seeded random orders.
 */

import { extractAnswer, gradeAnswer, normaliseAnswer, vote, type VoteInput } from '../answers/index.js';
import type { Aggregation, AnswerSpec, AnswerType } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { computeMetrics, groupAnswers, type Calibration, type ScoredItem } from './metrics.js';
import { answerSpecOf, type RecordedQuestion } from './recorded.js';
import { parseStopRule, seededRandom, shuffledOrder, stoppingPoint, type StopRule } from '../answers/stopping.js';

export interface ScoreOptions {
  /** Grade every record as this type instead of its `answerType`. */
  readonly answerType?: AnswerType;
  /** How the samples' answers are combined. @default 'majority' */
  readonly vote?: Aggregation;
  /** The k of maj@k and pass@k. @default every k up to the fewest samples of any record */
  readonly ks?: readonly number[];
  /**
   * A stopping rule (or its text, `beta:0.95`, `window:5`, `fixed:10`) to simulate. Rules look at answer counts
   * whatever `vote` is; the samples they keep are then voted with `vote`.
   */
  readonly stop?: StopRule | string;
  /** Random orders simulated besides the recorded one. @default 10 */
  readonly orders?: number;
  /** Seed of the random orders. @default 0 */
  readonly seed?: number;
  /** Answer phrases for extraction. @default extractAnswer's */
  readonly answerPhrases?: readonly string[];
}

export interface StopSummary {
  readonly rule: string;
  /** Accuracy of the vote over the samples the rule used, averaged over every order simulated. */
  readonly accuracy: number;
  /** Samples the rule used per item, averaged over every order. */
  readonly meanSamples: number;
  /** Orders simulated: the recorded one and the random ones. */
  readonly orders: number;
  /** The same two figures over the recorded order alone. */
  readonly recorded: { readonly accuracy: number; readonly meanSamples: number };
}

export interface ScoreResult {
  readonly items: number;
  /** The vote over every recorded sample of each item; with one sample, that sample's accuracy. */
  readonly accuracy: number;
  readonly ci95: readonly [number, number];
  readonly abstentionRate: number;
  readonly majAtK: Readonly<Record<string, number>>;
  readonly passAtK: Readonly<Record<string, number>>;
  /** Mean generated tokens per item, when every sample records its tokens. */
  readonly tokensPerItem?: number;
  readonly calibration: Calibration;
  readonly stop?: StopSummary;
  /** The items as the metrics and reports take them. */
  readonly scored: readonly ScoredItem[];
}

/** One record, prepared: its spec, each sample's extracted answer and vote input. */
interface Prepared {
  readonly record: RecordedQuestion;
  readonly spec: AnswerSpec;
  readonly inputs: readonly VoteInput[];
}

export function scoreRecorded(records: readonly RecordedQuestion[], options: ScoreOptions = {}): ScoreResult {
  const aggregation = options.vote ?? 'majority';
  const rule = typeof options.stop === 'string' ? parseStopRule(options.stop, ['stop']) : options.stop;
  const orders = options.orders ?? 10;
  if (!Number.isInteger(orders) || orders < 0) throw new InvalidArgumentError([{ path: ['orders'], message: `must be a whole number ≥ 0, got ${String(orders)}` }]);
  const extract = options.answerPhrases === undefined ? {} : { answerPhrases: options.answerPhrases };

  const issues: ArgumentIssue[] = [];
  const prepared: Prepared[] = records.map((record) => {
    const spec = answerSpecOf(record, options.answerType);
    if (normaliseAnswer(record.answer, spec) === null) {
      issues.push({ path: [record.id, 'answer'], message: `gold answer ${JSON.stringify(record.answer)} is not a valid ${spec.type} answer` });
    }
    const inputs = record.samples.map((sample, index): VoteInput => {
      const { answer } = extractAnswer(sample.text, spec, extract);
      if (aggregation !== 'majority' && answer !== null) {
        const lacks = sample.logprob === undefined ? 'logprob' : aggregation === 'weighted-mean' && !sample.tokens ? 'tokens (> 0)' : null;
        if (lacks !== null) issues.push({ path: [record.id, 'samples', index], message: `${aggregation} voting needs ${lacks} on every answering sample` });
      }
      return {
        answer,
        ...(sample.logprob === undefined ? {} : { logprob: sample.logprob }),
        ...(sample.logprob === undefined || !sample.tokens ? {} : { meanLogprob: sample.logprob / sample.tokens }),
      };
    });
    return { record, spec, inputs };
  });
  if (issues.length > 0) throw new InvalidArgumentError(issues);

  const scored = prepared.map((item) => scoreItem(item, aggregation));
  const metrics = computeMetrics(scored, options.ks === undefined ? {} : { ks: options.ks });
  const everyTokens = records.every((r) => r.samples.every((s) => s.tokens !== undefined));
  return {
    items: metrics.items,
    accuracy: metrics.accuracy,
    ci95: metrics.ci95,
    abstentionRate: metrics.abstentionRate,
    majAtK: metrics.majAtK,
    passAtK: metrics.passAtK,
    ...(everyTokens ? { tokensPerItem: metrics.tokensPerItem } : {}),
    calibration: metrics.calibration,
    ...(rule === undefined ? {} : { stop: simulateStopping(prepared, rule, aggregation, orders, options.seed ?? 0) }),
    scored,
  };
}

function scoreItem({ record, spec, inputs }: Prepared, aggregation: Aggregation): ScoredItem {
  const outcome = vote(inputs, { aggregation, spec });
  const outputTokens = record.samples.reduce((sum, s) => sum + (s.tokens ?? 0), 0);
  return {
    id: record.id,
    gold: record.answer,
    spec,
    paths: inputs.map((input, i) => ({
      answer: input.answer,
      tokens: record.samples[i]?.tokens ?? 0,
      ...(input.logprob === undefined ? {} : { logprob: input.logprob }),
    })),
    voted: outcome.answer,
    correct: gradeAnswer(outcome.answer, record.answer, spec),
    confidence: outcome.confidence,
    seconds: 0,
    inputTokens: 0,
    outputTokens,
  };
}

/**
 * Runs the rule over each item's samples in the recorded order and in `orders` seeded random orders: after each
 * sample it is asked whether to stop; the vote over the samples used is graded.
 */
function simulateStopping(items: readonly Prepared[], rule: StopRule, aggregation: Aggregation, orders: number, seed: number): StopSummary {
  const random = seededRandom(seed);
  let right = 0;
  let used = 0;
  let recordedRight = 0;
  let recordedUsed = 0;
  for (const { record, spec, inputs } of items) {
    const { keys } = groupAnswers(inputs.map((input) => input.answer), spec);
    for (let o = 0; o <= orders; o++) {
      const order = o === 0 ? inputs.map((_, i) => i) : shuffledOrder(inputs.length, random);
      const n = stoppingPoint(rule, order.map((i) => keys[i] ?? null));
      const chosen = order.slice(0, n).map((i) => inputs[i] as VoteInput);
      const correct = gradeAnswer(vote(chosen, { aggregation, spec }).answer, record.answer, spec) ? 1 : 0;
      right += correct;
      used += n;
      if (o === 0) {
        recordedRight += correct;
        recordedUsed += n;
      }
    }
  }
  const count = items.length;
  const runs = count * (orders + 1);
  return {
    rule: rule.name,
    accuracy: runs === 0 ? 0 : right / runs,
    meanSamples: runs === 0 ? 0 : used / runs,
    orders: orders + 1,
    recorded: { accuracy: count === 0 ? 0 : recordedRight / count, meanSamples: count === 0 ? 0 : recordedUsed / count },
  };
}
