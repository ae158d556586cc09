import { describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { MockLanguageModel } from '../../test/index.js';
import { answer } from '../strategy.js';
import { direct } from './direct.js';

describeStrategyConformance(direct, () => ({}));

describe('direct', () => {
  it('sends the answer-only few-shot prompt once, greedy, with the set stops', async () => {
    const model = new MockLanguageModel({ respond: ' The answer is 5.' });
    const result = await answer(direct, model, { text: 'What is 2 + 3?', answer: { type: 'number' } });
    expect(model.calls).toHaveLength(1);
    const call = model.calls[0];
    expect(call?.samples).toBe(1);
    expect(call?.temperature).toBe(0);
    expect(call?.maxTokens).toBe(32);
    expect(call?.stop).toEqual(['\n\nQ:', 'Q:']);
    const prompt = String(call?.prompt);
    expect(prompt.startsWith('Q: There are 15 trees in the grove.')).toBe(true);
    expect(prompt).toContain('How many trees did the grove workers plant today?\nA: The answer is 6.\n\nQ: If there are 3 cars');
    expect(prompt.endsWith('A: The answer is 8.\n\nQ: What is 2 + 3?\nA:')).toBe(true);
    expect(prompt).not.toContain('21 - 15');
    expect(result).toMatchObject({ answer: '5', confidence: 1 });
    expect(result.settings).toMatchObject({ strategy: 'direct', exemplars: 'wei2022-math-annotator-a', style: 'direct', temperature: 0 });
  });

  it('uses the default set of the answer type and reads "The answer is (b)."', async () => {
    const model = new MockLanguageModel({ respond: ' The answer is (b).' });
    const result = await answer(direct, model, {
      text: 'Where do you keep milk? Answer Choices: (a) shelf (b) fridge (c) oven (d) car (e) bed',
      answer: { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] },
    });
    expect(String(model.calls[0]?.prompt)).toContain('A: The answer is (e).\n\n');
    expect(result.answer).toBe('B');
    expect(result.settings).toMatchObject({ exemplars: 'wei2022-csqa', letters: ['A', 'B', 'C', 'D', 'E'] });
  });

  it('sends chat turns when asked', async () => {
    const model = new MockLanguageModel({ respond: 'The answer is yes.' });
    await answer(direct, model, { text: 'Is the sky blue?', answer: { type: 'yes-no' } }, { chat: true });
    const prompt = model.calls[0]?.prompt;
    if (!Array.isArray(prompt)) throw new Error('expected chat messages');
    expect(prompt.at(-1)).toEqual({ role: 'user', content: 'Is the sky blue?' });
    expect(prompt[1]?.content).toMatch(/^The answer is (yes|no)\.$/);
  });

  it('rejects an unknown exemplar set with a suggestion', async () => {
    const model = new MockLanguageModel({ respond: 'x' });
    const error: unknown = await answer(direct, model, { text: 'q', answer: { type: 'number' } }, { exemplars: 'wei2022-math-annotator' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues[0]?.path).toEqual(['exemplars']);
    expect((error as InvalidArgumentError).message).toContain('did you mean "wei2022-math-annotator-a"?');
    expect(model.calls).toHaveLength(0);
  });
});
