import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { BackendCallError, InvalidArgumentError } from '../../spec/errors/index.js';
import type { Completion } from '../../spec/model.js';
import type { ReasoningResult } from '../../spec/result.js';
import { MockLanguageModel, type MockCompletion } from '../../test/index.js';
import { answer } from '../strategy.js';
import { selfConsistency } from './self-consistency.js';
import type { SelfConsistencyOptionsInput } from './self-consistency-options.js';

describeStrategyConformance(selfConsistency, () => ({ paths: 4 }), 'base chain-of-thought');
describeStrategyConformance(selfConsistency, () => ({ base: 'zero-shot-cot' as const, paths: 4 }), 'base zero-shot-cot');

const number = { type: 'number' } as const;
const gsm8kQuestion =
  "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";

/** Sample i answers answers[i] (null: no number at all), with the given mean log-probability. */
function paths(answers: readonly (string | null)[], means: readonly number[] = []): MockLanguageModel {
  return new MockLanguageModel({
    respond: (_options, sample): MockCompletion => {
      const value = answers[sample] ?? null;
      const mean = means[sample] ?? -1;
      const logprobs: Completion['logprobs'] = { tokens: [], sum: mean * 4, mean };
      return { text: value === null ? ' No idea.' : ` Some steps. The answer is ${value}.`, logprobs };
    },
  });
}

async function invalid(options: SelfConsistencyOptionsInput): Promise<string[]> {
  const error: unknown = await answer(selfConsistency, paths(['1']), { text: 'q', answer: number }, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return (error as InvalidArgumentError).issues.map((issue) => issue.path.join('.'));
}

describe('self-consistency over chain-of-thought', () => {
  it('samples every path in ONE call with the paper sampling settings and the CoT prompt', async () => {
    const expected = readFileSync(new URL('../../prompts/fixtures/lm-eval-gsm8k-cot-prompt.txt', import.meta.url), 'utf8');
    const model = paths(Array.from({ length: 16 }, () => '18'));
    const result = await answer(selfConsistency, model, { text: gsm8kQuestion, answer: number });
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).toMatchObject({
      prompt: expected,
      samples: 16,
      temperature: 0.7,
      topK: 40,
      topP: 1,
      seed: 0,
      maxTokens: 256,
      stop: ['\n\nQ:', 'Q:'],
      logprobs: false,
    });
    expect(result.paths).toHaveLength(16);
    expect(result.settings).toMatchObject({
      strategy: 'self-consistency',
      base: 'chain-of-thought',
      paths: 16,
      aggregation: 'majority',
      exemplars: 'wei2022-math-annotator-a',
      temperature: 0.7,
      topK: 40,
      topP: 1,
      seed: 0,
    });
  });

  it('takes the majority; abstentions are kept but do not vote', async () => {
    const result = await answer(selfConsistency, paths(['18', '17', '18', null, '18.0', null]), { text: 'q', answer: number }, { paths: 6 });
    expect(result.answer).toBe('18');
    expect(result.votes).toEqual([
      { answer: '18', count: 3, share: 0.75 },
      { answer: '17', count: 1, share: 0.25 },
    ]);
    expect(result.confidence).toBe(0.75);
    expect(result.paths.map((p) => p.answer)).toEqual(['18', '17', '18', null, '18', null]);
  });

  it('asks for log-probabilities for weighted voting and lets them decide', async () => {
    const model = paths(['17', '17', '18', '18', '18'], [-0.1, -0.1, -3, -3, -3]);
    const options = { paths: 5, aggregation: 'weighted-mean' } as const;
    const result = await answer(selfConsistency, model, { text: 'q', answer: number }, options);
    expect(model.calls[0]?.logprobs).toBe(true);
    expect(result.answer).toBe('17');
    expect(result.confidence).toBeGreaterThan(0.9);
    const majority = await answer(selfConsistency, paths(['17', '17', '18', '18', '18']), { text: 'q', answer: number }, { paths: 5 });
    expect(majority.answer).toBe('18');
  });

  it('falls back to majority, with a warning, when the model gives no log-probabilities', async () => {
    const model = new MockLanguageModel({ respond: [' The answer is 3.', ' The answer is 3.', ' The answer is 4.'] });
    const result = await answer(selfConsistency, model, { text: 'q', answer: number }, { paths: 3, aggregation: 'weighted-sum' });
    expect(result.answer).toBe('3');
    expect(result.warnings).toEqual([
      'weighted-sum voting needs log-probabilities, which mock/mock-model did not give; voted by majority',
    ]);
  });

  it('warns that temperature 0 gives one voter', async () => {
    const result = await answer(selfConsistency, paths(['1', '1']), { text: 'q', answer: number }, { paths: 2, temperature: 0 });
    expect(result.warnings).toContain('temperature 0 samples the same path every time; the vote has one voter');
  });

  it('rejects bad sampling options and options of the other base', async () => {
    expect((await invalid({ paths: 0, temperature: -1, topP: 0, aggregation: 'mode' as 'majority' })).sort()).toEqual([
      'aggregation',
      'paths',
      'temperature',
      'topP',
    ]);
    expect(await invalid({ reasoningTrigger: 'First,' })).toEqual(['reasoningTrigger']);
    expect((await invalid({ base: 'zero-shot-cot', exemplars: 'wei2022-csqa', chat: true, paths: 1.5 })).sort()).toEqual([
      'chat',
      'exemplars',
      'paths',
    ]);
  });
});

describe('self-consistency over zero-shot-cot', () => {
  it('samples the reasoning in one call, then one greedy answer call per path with its own reasoning', async () => {
    const model = new MockLanguageModel({
      respond: (options, sample, call) => {
        if (call === 0) return ` Reasoning ${sample}.`;
        return String(options.prompt).includes('Reasoning 1.') ? ' 7.' : ' 8.';
      },
    });
    const result = await answer(selfConsistency, model, { text: 'q?', answer: number }, { base: 'zero-shot-cot', paths: 3, seed: 5 });
    expect(model.calls).toHaveLength(4);
    expect(model.calls[0]).toMatchObject({
      prompt: "Q: q?\nA: Let's think step by step.",
      samples: 3,
      temperature: 0.7,
      topK: 40,
      maxTokens: 128,
      stop: ['Q:'],
      seed: 5,
    });
    const answerCalls = model.calls.slice(1);
    expect(answerCalls.map((c) => [c.samples, c.temperature, c.maxTokens])).toEqual([
      [1, 0, 32],
      [1, 0, 32],
      [1, 0, 32],
    ]);
    expect(answerCalls.map((c) => c.prompt).sort()).toEqual(
      [0, 1, 2].map((i) => `Q: q?\nA: Let's think step by step. Reasoning ${i}. \nTherefore, the answer (arabic numerals) is`),
    );
    expect(result.answer).toBe('8');
    expect(result.votes).toEqual([
      { answer: '8', count: 2, share: 2 / 3 },
      { answer: '7', count: 1, share: 1 / 3 },
    ]);
    expect(result.paths[1]?.text).toBe(' Reasoning 1. \nTherefore, the answer (arabic numerals) is 7.');
    expect(result.settings).toMatchObject({ base: 'zero-shot-cot', paths: 3, reasoningTrigger: "Let's think step by step." });
    expect(result.settings).not.toHaveProperty('exemplars');
  });

  it('sums both calls into the path: tokens and log-probabilities', async () => {
    const model = new MockLanguageModel({
      respond: (_options, _sample, call) => ({
        text: call === 0 ? ' a b c' : ' 9.',
        logprobs: call === 0 ? { tokens: [], sum: -3, mean: -1 } : { tokens: [], sum: -1, mean: -1 },
      }),
    });
    const result = await answer(selfConsistency, model, { text: 'q', answer: number }, { base: 'zero-shot-cot', paths: 1 });
    expect(result.paths[0]).toMatchObject({ answer: '9', tokens: 4, logprob: -4, meanLogprob: -1 });
  });

  it('reports the first failing answer call, not the aborts it caused in the others', async () => {
    const model = new MockLanguageModel({
      respond: (options, sample, call) => {
        if (call === 0) return ` Reasoning ${sample}.`;
        if (String(options.prompt).includes('Reasoning 1.')) throw new BackendCallError('POST /v1/completions failed with 500', { status: 500 });
        return ' 8.';
      },
    });
    const error: unknown = await answer(selfConsistency, model, { text: 'q', answer: number }, { base: 'zero-shot-cot', paths: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendCallError);
    expect((error as BackendCallError).status).toBe(500);
  });
});

describe('self-consistency with early stopping', () => {
  const question = { text: 'Tom has 5 apples. He buys 3 more. How many apples does he have?', answer: { type: 'number' as const } };

  it('samples in batches and stops once the rule is met, cancelling the rest of the batch', async () => {
    const model = new MockLanguageModel({ respond: ' 5 + 3 = 8. The answer is 8.' });
    const events: string[] = [];
    let result: ReasoningResult | undefined;
    for await (const event of selfConsistency.stream(model, question, { paths: 40, earlyStop: 'beta:0.95', batch: 4 })) {
      events.push(event.type === 'path-end' ? `end:${event.path.finishReason.unified}` : event.type);
      if (event.type === 'end') result = event.result;
    }
    // Beta(v1 + 1, 1): P(p > 0.5) = 1 − 0.5^(v1 + 1) ≥ 0.95 first at v1 = 4, the end of the first batch.
    expect(model.calls.map((c) => c.samples)).toEqual([4]);
    expect(result?.paths).toHaveLength(4);
    expect(result?.settings).toMatchObject({ earlyStop: 'beta:0.95', batch: 4, pathsUsed: 4, pathsCancelled: 0, stoppedEarly: true });
    expect(result?.answer).toBe('8');
  });

  it('keeps sampling while the vote is split, and seeds each batch where the last ended', async () => {
    const answers = ['8', '9', '8', '9', '8', '8', '8', '8', '8', '8', '8', '8'];
    let served = 0;
    const model = new MockLanguageModel({ respond: () => ` The answer is ${answers[served++ % answers.length]}.` });
    const result = await answer(selfConsistency, model, question, { paths: 12, earlyStop: 'beta:0.95', batch: 4, seed: 10 });
    expect(model.calls.map((c) => [c.samples, c.seed])).toEqual([[4, 10], [4, 14], [4, 18]]);
    // 8:6 against 9:2 after two batches is P = 0.91; the 10th path (8:8, 9:2) reaches 0.967 and cancels the last two.
    expect(result.settings).toMatchObject({ pathsUsed: 10, pathsCancelled: 2, stoppedEarly: true });
    expect(result.paths.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a window rule samples a window per call (ESC) and stops after a unanimous one', async () => {
    const model = new MockLanguageModel({ respond: ' The answer is 8.' });
    const result = await answer(selfConsistency, model, question, { paths: 40, earlyStop: 'window:5' });
    expect(model.calls.map((c) => c.samples)).toEqual([5]);
    expect(result.settings).toMatchObject({ batch: 5, pathsUsed: 5 });
  });

  it('bad rules and a batch without a rule are reported with their option', async () => {
    const model = new MockLanguageModel({ respond: ' The answer is 8.' });
    await expect(answer(selfConsistency, model, question, { earlyStop: 'beta:2' })).rejects.toThrow(/earlyStop: .*beta: confidence must lie strictly between 0.5 and 1/);
    await expect(answer(selfConsistency, model, question, { batch: 4 })).rejects.toThrow(/batch: applies with earlyStop only/);
    await expect(answer(selfConsistency, model, question, { base: 'zero-shot-cot', earlyStop: 'beta:0.9' })).rejects.toThrow(/earlyStop: applies to base 'chain-of-thought' only/);
  });
});
