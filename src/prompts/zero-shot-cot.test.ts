import { describe, expect, it } from 'vitest';
import {
  loadZeroShotCot,
  zeroShotCotAnswerJoint,
  zeroShotCotAnswerPrompt,
  zeroShotCotAnswerTrigger,
  zeroShotCotReasoningPrompt,
} from './zero-shot-cot.js';

describe('zero-shot-CoT prompts', () => {
  it('reads the triggers and templates from the data file', async () => {
    const prompts = await loadZeroShotCot();
    expect(prompts.id).toBe('kojima2022-zero-shot-cot');
    expect(prompts.reasoningTrigger).toBe("Let's think step by step.");
    expect(prompts.stop).toEqual(['Q:']);
  });

  it('builds call 1 as "Q: {question}\\nA: Let\'s think step by step."', async () => {
    const prompts = await loadZeroShotCot();
    expect(zeroShotCotReasoningPrompt(prompts, 'What is 2 + 3?')).toBe("Q: What is 2 + 3?\nA: Let's think step by step.");
    expect(zeroShotCotReasoningPrompt(prompts, 'Why?', 'First,')).toBe('Q: Why?\nA: First,');
  });

  it('builds call 2 as call-1 prompt + z as generated + " \\n" + trigger', async () => {
    const prompts = await loadZeroShotCot();
    const first = zeroShotCotReasoningPrompt(prompts, 'What is 2 + 3?');
    const z = ' 2 + 3 = 5.\n';
    const trigger = zeroShotCotAnswerTrigger(prompts, { type: 'number' });
    expect(zeroShotCotAnswerPrompt(prompts, first, z, trigger)).toBe(
      "Q: What is 2 + 3?\nA: Let's think step by step. 2 + 3 = 5.\n \nTherefore, the answer (arabic numerals) is",
    );
    expect(zeroShotCotAnswerJoint(prompts, trigger)).toBe(' \nTherefore, the answer (arabic numerals) is');
    expect(zeroShotCotAnswerPrompt(prompts, 'Q: {question}', '{answer_trigger}', 'T')).toBe('Q: {question}{answer_trigger} \nT');
  });

  it('picks the answer trigger for the answer type (Table 10)', async () => {
    const prompts = await loadZeroShotCot();
    expect(zeroShotCotAnswerTrigger(prompts, { type: 'number' })).toBe('Therefore, the answer (arabic numerals) is');
    expect(zeroShotCotAnswerTrigger(prompts, { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] })).toBe(
      'Therefore, among A through E, the answer is',
    );
    expect(zeroShotCotAnswerTrigger(prompts, { type: 'choice', letters: ['A', 'B', 'C'] })).toBe(
      'Therefore, among A through C, the answer is',
    );
    expect(zeroShotCotAnswerTrigger(prompts, { type: 'yes-no' })).toBe('Therefore, the answer (Yes or No) is');
    expect(zeroShotCotAnswerTrigger(prompts, { type: 'text' })).toBe('Therefore, the answer is');
  });
});
