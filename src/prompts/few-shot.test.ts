import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFewShotChat, buildFewShotPrompt, DIRECT_ANSWER_PHRASE, exemplarAnswerText, fewShotPrompt } from './few-shot.js';
import { loadExemplarSet } from './registry.js';

const gsm8kQuestion =
  "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";

describe('buildFewShotPrompt', () => {
  it('builds the lm-evaluation-harness gsm8k-cot prompt exactly', async () => {
    const expected = readFileSync(new URL('./fixtures/lm-eval-gsm8k-cot-prompt.txt', import.meta.url), 'utf8');
    const set = await loadExemplarSet('wei2022-math-annotator-a');
    expect(buildFewShotPrompt(set, gsm8kQuestion)).toBe(expected);
  });

  it('joins "Q: q\\nA: a" with blank lines and ends with "A:" and no space', async () => {
    const set = await loadExemplarSet('wei2022-last-letter-concatenation');
    const prompt = buildFewShotPrompt(set, 'Take the last letters of the words in "Ada Lovelace" and concatenate them.');
    expect(prompt.startsWith(`Q: ${set.exemplars[0]?.question}\nA: ${set.exemplars[0]?.full_answer_text}\n\nQ: `)).toBe(true);
    expect(prompt.endsWith('\n\nQ: Take the last letters of the words in "Ada Lovelace" and concatenate them.\nA:')).toBe(true);
    expect(prompt.split('\n\n')).toHaveLength(set.exemplars.length + 1);
  });

  it('writes direct exemplars as "The answer is X." (the ZS-CoT few-shot baseline)', async () => {
    const math = await loadExemplarSet('wei2022-math-annotator-a');
    const prompt = buildFewShotPrompt(math, 'What is 2 + 2?', { style: 'direct' });
    expect(prompt.startsWith(
      'Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?\nA: The answer is 6.\n\nQ: If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?\nA: The answer is 5.\n\n',
    )).toBe(true);
    expect(prompt.endsWith('A: The answer is 8.\n\nQ: What is 2 + 2?\nA:')).toBe(true);
    const csqa = await loadExemplarSet('wei2022-csqa');
    const first = csqa.exemplars[0];
    if (first === undefined) throw new Error('no exemplar');
    expect(exemplarAnswerText(csqa.format, first, 'direct')).toBe('The answer is (e).');
    const coin = await loadExemplarSet('wei2022-coin-flip');
    const firstCoin = coin.exemplars[0];
    if (firstCoin === undefined) throw new Error('no exemplar');
    expect(exemplarAnswerText(coin.format, firstCoin, 'direct')).toBe('The answer is yes.');
  });

  it('does not fill placeholders that come from the question', async () => {
    const set = await loadExemplarSet('wei2022-math-annotator-a');
    expect(buildFewShotPrompt(set, 'Is {question} or {answer} left alone?').endsWith('Q: Is {question} or {answer} left alone?\nA:')).toBe(
      true,
    );
  });
});

describe('buildFewShotChat', () => {
  it('has a user and an assistant turn per exemplar, then the question', async () => {
    const set = await loadExemplarSet('wei2022-strategyqa');
    const messages = buildFewShotChat(set, 'Yes or no: Is water wet?');
    expect(messages).toHaveLength(set.exemplars.length * 2 + 1);
    expect(messages[0]).toEqual({ role: 'user', content: set.exemplars[0]?.question });
    expect(messages[1]).toEqual({ role: 'assistant', content: set.exemplars[0]?.full_answer_text });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Yes or no: Is water wet?' });
    expect(buildFewShotChat(set, 'q', { style: 'direct' })[1]?.content).toMatch(/^The answer is (yes|no)\.$/);
  });
});

describe('fewShotPrompt', () => {
  it('gives the set stops and the answer phrase of the style', async () => {
    const set = await loadExemplarSet('wei2022-strategyqa');
    const cot = fewShotPrompt(set, 'q');
    expect(cot.stop).toEqual(['\n\nQ:', 'Q:']);
    expect(cot.answerPhrase).toBe('So the answer is');
    expect(typeof cot.prompt).toBe('string');
    const direct = fewShotPrompt(set, 'q', { style: 'direct', chat: true });
    expect(direct.answerPhrase).toBe(DIRECT_ANSWER_PHRASE);
    expect(Array.isArray(direct.prompt)).toBe(true);
  });
});
