import { describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { MockLanguageModel } from '../../test/index.js';
import { answer } from '../strategy.js';
import { zeroShotCot } from './zero-shot-cot.js';

describeStrategyConformance(zeroShotCot, () => ({}));

describe('zero-shot-cot', () => {
  const reasoning = ' Anna has 3 apples and buys 2 more, so 3 + 2 = 5.\n';

  it('makes two greedy calls: the reasoning, then call-1 prompt + z + " \\n" + the answer trigger', async () => {
    const model = new MockLanguageModel({ respond: [reasoning, ' 5.'] });
    const result = await answer(zeroShotCot, model, { text: 'Anna has 3 apples and buys 2. How many now?', answer: { type: 'number' } });
    expect(model.calls).toHaveLength(2);
    const [first, second] = model.calls;
    const callOne = "Q: Anna has 3 apples and buys 2. How many now?\nA: Let's think step by step.";
    expect(first).toMatchObject({ prompt: callOne, samples: 1, temperature: 0, maxTokens: 128, stop: ['Q:'] });
    expect(second).toMatchObject({
      prompt: `${callOne}${reasoning} \nTherefore, the answer (arabic numerals) is`,
      samples: 1,
      temperature: 0,
      maxTokens: 32,
      stop: ['Q:'],
    });
    expect(result.answer).toBe('5');
    expect(result.paths[0]).toMatchObject({
      text: `${reasoning} \nTherefore, the answer (arabic numerals) is 5.`,
      rule: 'first-number',
    });
    expect(result.settings).toMatchObject({
      strategy: 'zero-shot-cot',
      prompts: 'kojima2022-zero-shot-cot',
      reasoningTrigger: "Let's think step by step.",
      answerTrigger: 'Therefore, the answer (arabic numerals) is',
      maxReasoningTokens: 128,
      maxAnswerTokens: 32,
      temperature: 0,
      samples: 1,
    });
  });

  it('reads the answer call in answer-only mode: the first match, not the last', async () => {
    const model = new MockLanguageModel({ respond: [' Think.', ' (C) bed. Not (A).'] });
    const result = await answer(zeroShotCot, model, {
      text: 'Where do you sleep? Answer Choices: (A) car (B) oven (C) bed',
      answer: { type: 'choice', letters: ['A', 'B', 'C'] },
    });
    expect(String(model.calls[1]?.prompt).endsWith(' Think. \nTherefore, among A through C, the answer is')).toBe(true);
    expect(result.paths[0]).toMatchObject({ answer: 'C', rule: 'first-letter' });
  });

  it('takes the triggers from the options', async () => {
    const model = new MockLanguageModel({ respond: [' Hmm.', ' yes'] });
    const result = await answer(
      zeroShotCot,
      model,
      { text: 'Is ice cold?', answer: { type: 'yes-no' } },
      { reasoningTrigger: 'First,', answerTrigger: 'So, yes or no:', maxReasoningTokens: 64 },
    );
    expect(model.calls[0]).toMatchObject({ prompt: 'Q: Is ice cold?\nA: First,', maxTokens: 64 });
    expect(model.calls[1]?.prompt).toBe('Q: Is ice cold?\nA: First, Hmm. \nSo, yes or no:');
    expect(result.answer).toBe('yes');
  });

  it('uses the yes-no and text triggers of Table 10', async () => {
    const yesNo = new MockLanguageModel({ respond: [' z', ' No.'] });
    await answer(zeroShotCot, yesNo, { text: 'q', answer: { type: 'yes-no' } });
    expect(String(yesNo.calls[1]?.prompt).endsWith('z \nTherefore, the answer (Yes or No) is')).toBe(true);
    const text = new MockLanguageModel({ respond: [' z', ' "ka".'] });
    await answer(zeroShotCot, text, { text: 'q', answer: { type: 'text' } });
    expect(String(text.calls[1]?.prompt).endsWith('z \nTherefore, the answer is')).toBe(true);
  });
});
