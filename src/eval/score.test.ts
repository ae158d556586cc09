import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../spec/errors/index.js';
import type { RecordedQuestion } from './recorded.js';
import { scoreRecorded } from './score.js';

const said = (answer: string | number): string => `Some steps. The answer is ${answer}.`;

function numberRecord(id: string, gold: string, answers: readonly (string | number | null)[]): RecordedQuestion {
  return {
    id,
    answer: gold,
    answerType: 'number',
    samples: answers.map((a) => ({ text: a === null ? 'I do not know.' : said(a), tokens: 8 })),
  };
}

describe('scoreRecorded', () => {
  const records = [
    numberRecord('a', '18', [18, 17, '18.0', null]),
    numberRecord('b', '5', [4, 4, 5, 5]),
    numberRecord('c', '3', [null, null, null, null]),
  ];

  it('extracts the answers from the texts, votes over every sample and computes the metrics', () => {
    const result = scoreRecorded(records);
    expect(result.items).toBe(3);
    // a: 18 (with 18.0) wins; b: vote() gives the 2–2 tie to the answer seen first (4), wrong; c abstains.
    expect(result.scored.map((i) => [i.voted, i.correct])).toEqual([
      ['18', true],
      ['4', false],
      [null, false],
    ]);
    expect(result.accuracy).toBeCloseTo(1 / 3, 12);
    expect(result.abstentionRate).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(result.majAtK)).toEqual(['1', '2', '3', '4']);
    // maj@4 splits b's tie: (1 + 0.5 + 0) / 3.
    expect(result.majAtK['4']).toBeCloseTo(0.5, 12);
    expect(result.passAtK['4']).toBeCloseTo(2 / 3, 12);
    expect(result.tokensPerItem).toBe(32);
    expect(result.ci95[0]).toBeLessThan(result.accuracy);
  });

  it('never trusts anything but the text, and leaves tokensPerItem out when tokens are not recorded', () => {
    const result = scoreRecorded([{ id: 'x', answer: '2', answerType: 'number', samples: [{ text: 'The answer is 2.' }] }]);
    expect(result.accuracy).toBe(1);
    expect(result.tokensPerItem).toBeUndefined();
  });

  it('reads choice letters from the number of choices (A–E by default) and takes an answer type override', () => {
    const choice: RecordedQuestion = { id: 'c', answer: 'F', answerType: 'choice', choices: ['1', '2', '3', '4', '5', '6'], samples: [{ text: 'So the answer is (f).' }] };
    expect(scoreRecorded([choice]).accuracy).toBe(1);
    const five: RecordedQuestion = { id: 'd', answer: 'E', answerType: 'choice', samples: [{ text: 'The answer is (e).' }] };
    expect(scoreRecorded([five]).accuracy).toBe(1);
    const text: RecordedQuestion = { id: 't', answer: '7', answerType: 'text', samples: [{ text: 'The answer is 7 apples.' }] };
    expect(scoreRecorded([text]).accuracy).toBe(0);
    expect(scoreRecorded([text], { answerType: 'number' }).accuracy).toBe(1);
  });

  it('votes by log-probability when asked, and names every sample that lacks one', () => {
    const weighted: RecordedQuestion = {
      id: 'w',
      answer: '17',
      answerType: 'number',
      samples: [
        { text: said(18), logprob: -9, tokens: 3 },
        { text: said(18), logprob: -9, tokens: 3 },
        { text: said(17), logprob: -0.5, tokens: 3 },
      ],
    };
    expect(scoreRecorded([weighted]).accuracy).toBe(0);
    expect(scoreRecorded([weighted], { vote: 'weighted-sum' }).accuracy).toBe(1);
    expect(scoreRecorded([weighted], { vote: 'weighted-mean' }).accuracy).toBe(1);
    const bare = numberRecord('n', '1', [1, 2]);
    const error: unknown = (() => {
      try {
        return scoreRecorded([bare], { vote: 'weighted-mean' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues.map((i) => i.path.join('.'))).toEqual(['n.samples.0', 'n.samples.1']);
  });

  it('rejects a gold answer that is not valid under the spec, naming the record', () => {
    const bad: RecordedQuestion = { id: 'g', answer: 'Z', answerType: 'choice', samples: [{ text: 'The answer is (a).' }] };
    expect(() => scoreRecorded([bad])).toThrow(/g\.answer: gold answer "Z" is not a valid choice answer/);
  });

  it('simulates a stopping rule over the recorded order and seeded random orders', () => {
    const agreeing = numberRecord('s', '6', [6, 6, 6, 6, 6, 6, 6, 6, 2, 2]);
    const fixed = scoreRecorded([agreeing], { stop: 'fixed:3', orders: 4, seed: 1 });
    expect(fixed.stop).toMatchObject({ rule: 'fixed:3', meanSamples: 3, orders: 5, recorded: { accuracy: 1, meanSamples: 3 } });
    const beta = scoreRecorded([agreeing], { stop: 'beta:0.95', orders: 0 });
    // The recorded order: 6 after 6; Beta(5, 1) gives P(p > 0.5) = 0.96875 after four.
    expect(beta.stop).toEqual({ rule: 'beta:0.95', accuracy: 1, meanSamples: 4, orders: 1, recorded: { accuracy: 1, meanSamples: 4 } });
    const again = scoreRecorded([agreeing], { stop: 'window:2', orders: 20, seed: 3 });
    expect(scoreRecorded([agreeing], { stop: 'window:2', orders: 20, seed: 3 }).stop).toEqual(again.stop);
    expect(again.stop?.meanSamples).toBeGreaterThanOrEqual(2);
    expect(() => scoreRecorded([agreeing], { stop: 'soon' })).toThrow(/stop: cannot read stop rule/);
  });
});
