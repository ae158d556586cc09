/**
 * The replay backend: the model conformance suite (on a recording without log-probabilities and on one with them),
 * and strategies run end to end on recorded generations, checked against offline scoring of the same file.
 */
import { describe, expect, it } from 'vitest';
import { ReplayModel, type RecordedQuestion, type RecordedQuestionInput } from '../src/backends/replay/index.js';
import { checkRecords } from '../src/eval/recorded.js';
import { scoreRecorded } from '../src/eval/score.js';
import { answer, chainOfThought, selfConsistency } from '../src/strategies/index.js';
import { describeModelConformance } from './conformance/model-conformance.js';

/** The conformance suite's prompt (test/conformance/model-conformance.ts), mapped to a record by the ids option. */
const CONFORMANCE_PROMPT = 'Question: There are 3 apples and 4 pears in a basket. How many fruits are there?\nAnswer:';

function conformanceRecord(logprobs: boolean): RecordedQuestion {
  const texts = [
    ' There are 3 apples and 4 pears.\nSo there are 3 + 4 = 7 fruits. The answer is 7.',
    ' 3 + 4 = 7. The answer is 7.',
    ' Apples plus pears make 8. The answer is 8.',
    ' I count 7 fruits in the basket, which is the answer.',
  ];
  return {
    id: 'conformance',
    answer: '7',
    answerType: 'number',
    samples: Array.from({ length: 400 }, (_, i) => {
      const text = texts[i % texts.length] ?? '';
      const tokens = text.split(/\s+/).filter(Boolean).length;
      return logprobs ? { text, tokens, logprob: -0.25 * tokens } : { text };
    }),
  };
}

const SKIP = {
  'inputTokens count a new prompt':
    'a replay serves only recorded questions: a prompt never recorded has no samples (an InvalidArgumentError)',
  'a fixed seed with temperature > 0 reproduces the completions':
    'a recording cannot be resampled: each call serves the next recorded samples, so a repeat gets different ones by design (reset() starts over)',
};

// 25 ms per completion, so the mid-generation abort lands while samples are still being served.
const conformanceModel = (logprobs: boolean) => async (): Promise<ReplayModel> =>
  new ReplayModel({ records: [conformanceRecord(logprobs)], ids: { [CONFORMANCE_PROMPT]: 'conformance' }, delayMs: 25 });

describeModelConformance('replay, a recording without log-probabilities', conformanceModel(false), { skip: SKIP, supportsLogprobs: false });
describeModelConformance('replay, a recording with log-probabilities', conformanceModel(true), {
  supportsLogprobs: true,
  skip: {
    ...SKIP,
    'logprobs are consistent with the tokens':
      'a recording keeps each sample’s summed log-probability, not per-token values: logprobs.tokens is empty (sum and mean are tested in src/backends/replay)',
  },
});

const gsm8k = 'Janet has 3 boxes with 6 eggs each. She eats 2 eggs. How many eggs are left?';
const recordedInput: RecordedQuestionInput[] = [
  {
    id: 'janet',
    question: gsm8k,
    answer: '16',
    answerType: 'number',
    samples: [
      ' 3 boxes of 6 is 18 eggs. 18 - 2 = 16. The answer is 16.',
      ' 3 + 6 = 9 eggs, minus 2 is 7. The answer is 7.',
      ' She has 3 * 6 = 18 eggs and eats 2, so 16 are left. The answer is 16.',
      ' I am not sure.',
      ' 18 - 2 = 16.0. The answer is 16.0.',
      ' 6 * 3 = 18. The answer is 18.',
    ].map((text, i) => ({ text, tokens: 10 + i, logprob: -1 - i })),
  },
  {
    id: 'coins',
    question: 'A coin is heads up. Tim flips it. Is it still heads up?',
    answer: 'no',
    answerType: 'yes-no',
    samples: [' Tim flipped it once, so it is tails. So the answer is no.', ' The answer is yes.', ' It was flipped. The answer is no.'],
  },
];
const recorded = checkRecords(recordedInput);

describe('strategies on recorded generations', () => {
  it('self-consistency votes the recorded paths, as offline scoring of the same file does', async () => {
    const model = new ReplayModel({ records: recorded });
    const result = await answer(selfConsistency, model, { text: gsm8k, answer: { type: 'number' } }, { paths: 6 });
    expect(result.paths.map((p) => p.answer)).toEqual(['16', '7', '16', null, '16', '18']);
    expect(result.answer).toBe('16');
    expect(result.confidence).toBeCloseTo(3 / 5, 12);
    const offline = scoreRecorded(recorded.slice(0, 1));
    expect(offline.scored[0]?.voted).toBe(result.answer);
    expect(offline.scored[0]?.confidence).toBeCloseTo(result.confidence, 12);
    expect(model.remaining('janet')).toBe(0);
    await expect(answer(selfConsistency, model, { text: gsm8k, answer: { type: 'number' } }, { paths: 2 })).rejects.toMatchObject({
      name: 'BackendCallError',
      message: expect.stringContaining('record janet'),
    });
  });

  it('chain-of-thought takes one recorded path per call, in order', async () => {
    const model = new ReplayModel({ records: recorded });
    const question = { text: recorded[1]?.question ?? '', answer: { type: 'yes-no' } } as const;
    expect((await answer(chainOfThought, model, question)).answer).toBe('no');
    expect((await answer(chainOfThought, model, question)).answer).toBe('yes');
  });
});
