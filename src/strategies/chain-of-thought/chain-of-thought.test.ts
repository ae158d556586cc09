import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { loadExemplarSet } from '../../prompts/index.js';
import { MockLanguageModel } from '../../test/index.js';
import { answer } from '../strategy.js';
import { chainOfThought } from './chain-of-thought.js';

describeStrategyConformance(chainOfThought, () => ({}));

const gsm8kQuestion =
  "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";

describe('chain-of-thought', () => {
  it('sends the lm-evaluation-harness gsm8k-cot prompt, greedy, one sample, with the set stops', async () => {
    const expected = readFileSync(new URL('../../prompts/fixtures/lm-eval-gsm8k-cot-prompt.txt', import.meta.url), 'utf8');
    const model = new MockLanguageModel({ respond: ' She sells 16 - 3 - 4 = 9 eggs. 9 * 2 = 18. The answer is 18.' });
    const result = await answer(chainOfThought, model, { text: gsm8kQuestion, answer: { type: 'number' } });
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).toMatchObject({ prompt: expected, samples: 1, temperature: 0, maxTokens: 256, stop: ['\n\nQ:', 'Q:'], seed: 0 });
    expect(result).toMatchObject({ answer: '18', confidence: 1, votes: [{ answer: '18', count: 1, share: 1 }] });
    expect(result.paths[0]).toMatchObject({ index: 0, rule: 'answer-phrase', tokens: 19 });
    expect(result.settings).toEqual({
      strategy: 'chain-of-thought',
      provider: 'mock',
      modelId: 'mock-model',
      answerType: 'number',
      exemplars: 'wei2022-math-annotator-a',
      style: 'cot',
      chat: false,
      answerPhrase: 'The answer is',
      samples: 1,
      temperature: 0,
      topK: 0,
      topP: 1,
      maxTokens: 256,
      stop: ['\n\nQ:', 'Q:'],
      logprobs: false,
      seed: 0,
    });
  });

  it('reads "So the answer is" sets and still accepts a plain "The answer is"', async () => {
    const question = { text: 'Yes or no: Could a cat swim the Atlantic?', answer: { type: 'yes-no' } } as const;
    const so = await answer(chainOfThought, new MockLanguageModel({ respond: ' Cats tire quickly. So the answer is no.' }), question);
    expect(so).toMatchObject({ answer: 'no', settings: { exemplars: 'wei2022-strategyqa', answerPhrase: 'So the answer is' } });
    const plain = await answer(chainOfThought, new MockLanguageModel({ respond: ' The answer is yes. No doubt.' }), question);
    expect(plain.paths[0]).toMatchObject({ answer: 'yes', rule: 'answer-phrase' });
  });

  it('warns when the exemplars teach another answer type', async () => {
    const result = await answer(
      chainOfThought,
      new MockLanguageModel({ respond: ' The answer is 4.' }),
      { text: 'What is 2 + 2?', answer: { type: 'number' } },
      { exemplars: 'wei2022-coin-flip' },
    );
    expect(result.warnings).toContain('exemplar set wei2022-coin-flip shows yes-no answers, but the question asks for a number answer');
  });

  it('uses a set from a file and records the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-cot-'));
    const file = path.join(dir, 'two.json');
    const set = await loadExemplarSet('wei2022-math-annotator-a');
    await writeFile(file, JSON.stringify({ ...set, id: 'two-shot', num_exemplars: 2, exemplars: set.exemplars.slice(0, 2) }));
    const model = new MockLanguageModel({ respond: ' The answer is 4.' });
    const result = await answer(chainOfThought, model, { text: 'What is 2 + 2?', answer: { type: 'number' } }, { exemplars: file, stop: ['\n\n'] });
    expect(String(model.calls[0]?.prompt).split('\n\n')).toHaveLength(3);
    expect(model.calls[0]?.stop).toEqual(['\n\n']);
    expect(result.settings).toMatchObject({ exemplars: 'two-shot', exemplarsFile: file });
  });

  it('lists every bad option at once', async () => {
    const error: unknown = await answer(
      chainOfThought,
      new MockLanguageModel({ respond: 'x' }),
      { text: 'q', answer: { type: 'number' } },
      // @ts-expect-error: wrong types on purpose
      { maxTokens: 0, chat: 'yes', maxToken: 5 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const issues = (error as InvalidArgumentError).issues;
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['chat', 'maxToken', 'maxTokens']);
    expect(issues.find((i) => i.path[0] === 'maxToken')?.message).toBe('unknown option; did you mean "maxTokens"?');
  });
});
