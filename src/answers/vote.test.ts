import { describe, expect, it } from 'vitest';
import type { AnswerSpec, VoteOutcome } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { vote, type VoteInput } from './vote.js';

const NUMBER: AnswerSpec = { type: 'number' };
const answers = (...list: (string | null)[]): VoteInput[] => list.map((answer) => ({ answer }));

describe('majority', () => {
  const cases: { name: string; paths: VoteInput[]; spec?: AnswerSpec; expected: VoteOutcome }[] = [
    {
      name: 'a plain majority',
      paths: answers('18', '18', '7'),
      expected: {
        answer: '18',
        confidence: 2 / 3,
        votes: [
          { answer: '18', count: 2, share: 2 / 3 },
          { answer: '7', count: 1, share: 1 / 3 },
        ],
        abstentions: 0,
      },
    },
    {
      name: 'abstentions do not vote and do not dilute shares',
      paths: answers(null, '7', null, '18', '18'),
      expected: {
        answer: '18',
        confidence: 2 / 3,
        votes: [
          { answer: '18', count: 2, share: 2 / 3 },
          { answer: '7', count: 1, share: 1 / 3 },
        ],
        abstentions: 2,
      },
    },
    {
      name: 'a tie goes to the answer that appeared first',
      paths: answers(null, '7', '18', '18', '7'),
      expected: {
        answer: '7',
        confidence: 0.5,
        votes: [
          { answer: '7', count: 2, share: 0.5 },
          { answer: '18', count: 2, share: 0.5 },
        ],
        abstentions: 1,
      },
    },
    {
      name: 'a three-way tie keeps first-appearance order',
      paths: answers('c', 'a', 'b'),
      expected: {
        answer: 'c',
        confidence: 1 / 3,
        votes: ['c', 'a', 'b'].map((answer) => ({ answer, count: 1, share: 1 / 3 })),
        abstentions: 0,
      },
    },
    {
      name: 'nobody answered',
      paths: answers(null, null),
      expected: { answer: null, confidence: 0, votes: [], abstentions: 2 },
    },
    { name: 'no paths', paths: [], expected: { answer: null, confidence: 0, votes: [], abstentions: 0 } },
    {
      name: 'without a spec, "18" and "18.0" are different answers',
      paths: answers('18', '18.0', '7', '7'),
      expected: {
        answer: '7',
        confidence: 0.5,
        votes: [
          { answer: '7', count: 2, share: 0.5 },
          { answer: '18', count: 1, share: 0.25 },
          { answer: '18.0', count: 1, share: 0.25 },
        ],
        abstentions: 0,
      },
    },
    {
      name: 'with a spec, equal numbers group under the first form seen, and invalid answers abstain',
      paths: answers('7', '18.0', '$18', 'eighteen', '7'),
      spec: NUMBER,
      expected: {
        answer: '7',
        confidence: 0.5,
        votes: [
          { answer: '7', count: 2, share: 0.5 },
          { answer: '18', count: 2, share: 0.5 },
        ],
        abstentions: 1,
      },
    },
    {
      name: 'with a choice spec, letters are normalised',
      paths: answers('b', '(B)', 'c', 'Z'),
      spec: { type: 'choice', letters: ['A', 'B', 'C'] },
      expected: {
        answer: 'B',
        confidence: 2 / 3,
        votes: [
          { answer: 'B', count: 2, share: 2 / 3 },
          { answer: 'C', count: 1, share: 1 / 3 },
        ],
        abstentions: 1,
      },
    },
  ];
  it.each(cases)('$name', ({ paths, spec, expected }) => {
    expect(vote(paths, spec === undefined ? {} : { spec })).toEqual(expected);
  });

  it('ignores logprobs', () => {
    const outcome = vote([
      { answer: 'a', logprob: -100 },
      { answer: 'a', logprob: -100 },
      { answer: 'b', logprob: -0.1 },
    ]);
    expect(outcome.answer).toBe('a');
    expect(outcome.votes[0]).not.toHaveProperty('weight');
  });
});

describe('weighted', () => {
  it('weighted-mean sums exp(meanLogprob)', () => {
    const paths: VoteInput[] = [
      { answer: 'a', meanLogprob: Math.log(0.2) },
      { answer: 'a', meanLogprob: Math.log(0.2) },
      { answer: 'b', meanLogprob: Math.log(0.6) },
      { answer: null },
    ];
    const outcome = vote(paths, { aggregation: 'weighted-mean' });
    expect(outcome.answer).toBe('b');
    expect(outcome.confidence).toBeCloseTo(0.6, 12);
    expect(outcome.abstentions).toBe(1);
    expect(outcome.votes.map((v) => [v.answer, v.count])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(outcome.votes[0]?.weight).toBeCloseTo(0.6, 12);
    expect(outcome.votes[1]?.weight).toBeCloseTo(0.4, 12);
    expect(outcome.votes[1]?.share).toBeCloseTo(0.4, 12);
  });

  it('weighted-sum uses logprob, and the two variants can disagree', () => {
    // a: one short confident path; b: two long paths with a higher per-token probability.
    const paths: VoteInput[] = [
      { answer: 'a', logprob: -2, meanLogprob: -1 },
      { answer: 'b', logprob: -10, meanLogprob: -0.5 },
      { answer: 'b', logprob: -10, meanLogprob: -0.5 },
    ];
    expect(vote(paths, { aggregation: 'weighted-sum' }).answer).toBe('a');
    expect(vote(paths, { aggregation: 'weighted-mean' }).answer).toBe('b');
    const sum = vote(paths, { aggregation: 'weighted-sum' });
    const total = Math.exp(-2) + 2 * Math.exp(-10);
    expect(sum.confidence).toBeCloseTo(Math.exp(-2) / total, 12);
    expect(sum.votes[1]?.weight).toBeCloseTo(2 * Math.exp(-10), 15);
  });

  it('stays exact when exp(logprob) underflows', () => {
    const paths: VoteInput[] = [
      { answer: 'a', logprob: -5000 },
      { answer: 'b', logprob: -5000 - Math.log(3) },
      { answer: 'b', logprob: -5000 - Math.log(3) },
    ];
    const outcome = vote(paths, { aggregation: 'weighted-sum' });
    expect(outcome.answer).toBe('a');
    expect(outcome.confidence).toBeCloseTo(0.6, 12);
    expect(outcome.votes[1]?.share).toBeCloseTo(0.4, 12);
    expect(outcome.votes[0]?.weight).toBe(0);
  });

  it('breaks an exact weight tie by first appearance', () => {
    const paths: VoteInput[] = [
      { answer: 'x', meanLogprob: -1 },
      { answer: 'y', meanLogprob: -1 },
    ];
    expect(vote(paths, { aggregation: 'weighted-mean' }).votes.map((v) => v.answer)).toEqual(['x', 'y']);
    expect(vote(paths.toReversed(), { aggregation: 'weighted-mean' }).votes.map((v) => v.answer)).toEqual(['y', 'x']);
  });

  it('groups with the spec', () => {
    const outcome = vote(
      [
        { answer: '18', logprob: -1 },
        { answer: '18.0', logprob: -1 },
        { answer: '7', logprob: -0.5 },
      ],
      { aggregation: 'weighted-sum', spec: NUMBER },
    );
    expect(outcome.votes.map((v) => [v.answer, v.count])).toEqual([
      ['18', 2],
      ['7', 1],
    ]);
  });

  it('needs no logprobs from abstaining paths', () => {
    expect(vote([{ answer: null }, { answer: 'a', logprob: -1 }], { aggregation: 'weighted-sum' }).answer).toBe('a');
  });

  it.each([
    ['weighted-mean', [{ answer: 'a', meanLogprob: -1 }, { answer: 'b', logprob: -1 }], ['paths.1.meanLogprob']],
    ['weighted-sum', [{ answer: 'a', meanLogprob: -1 }, { answer: 'b', logprob: -1 }], ['paths.0.logprob']],
    ['weighted-sum', [{ answer: 'a' }, { answer: null }, { answer: 'b', logprob: Number.NaN }], ['paths.0.logprob', 'paths.2.logprob']],
    ['weighted-mean', [{ answer: 'a', meanLogprob: -Infinity }], ['paths.0.meanLogprob']],
  ] as const)('%s without logprobs is an error naming the path: %j', (aggregation, paths, issuePaths) => {
    try {
      vote(paths, { aggregation });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      const issues = (error as InvalidArgumentError).issues;
      expect(issues.map((i) => i.path.join('.'))).toEqual(issuePaths);
      expect(issues[0]?.message).toMatch(/^path \d+ has/);
    }
  });
});

describe('options', () => {
  it('rejects an unknown aggregation', () => {
    expect(() => vote([], { aggregation: 'median' as 'majority' })).toThrow(InvalidArgumentError);
  });

  it('rejects a bad spec', () => {
    expect(() => vote([], { spec: { type: 'choice', letters: [] } })).toThrow('options.spec.letters');
  });
});
