import { describe, expect, it } from 'vitest';
import { loadExemplarSet, type ExemplarSet } from '../prompts/index.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { MockLanguageModel } from '../test/index.js';
import { chainOfThought } from './chain-of-thought/index.js';
import { direct } from './direct/index.js';
import { exemplarsField } from './option-fields.js';
import { selfConsistency } from './self-consistency/index.js';
import { answer } from './strategy.js';

async function inMemorySet(): Promise<ExemplarSet> {
  const set = await loadExemplarSet('wei2022-math-annotator-a');
  return { ...set, id: 'in-memory-two', num_exemplars: 2, exemplars: set.exemplars.slice(0, 2) };
}

describe('exemplar sets given as objects', () => {
  it('the exemplars option takes a set id, a .json path or a set object', async () => {
    expect(exemplarsField.safeParse('wei2022-csqa').success).toBe(true);
    expect(exemplarsField.safeParse('mine.json').success).toBe(true);
    expect(exemplarsField.safeParse(await inMemorySet()).success).toBe(true);
    const typo = exemplarsField.safeParse('wei2022-csq');
    expect(typo.error?.issues[0]?.message).toContain('did you mean "wei2022-csqa"?');
    expect(exemplarsField.safeParse({ id: 'x', exemplars: [] }).success).toBe(false);
  });

  it('chain-of-thought prompts with the set as it is and records its id', async () => {
    const set = await inMemorySet();
    const model = new MockLanguageModel({ respond: ' 2 + 2 = 4. The answer is 4.' });
    const result = await answer(chainOfThought, model, { text: 'What is 2 + 2?', answer: { type: 'number' } }, { exemplars: set });
    const prompt = String(model.calls[0]?.prompt);
    expect(prompt.split('\n\nQ: ')).toHaveLength(3);
    expect(prompt.startsWith(`Q: ${set.exemplars[0]?.question ?? ''}`)).toBe(true);
    expect(result).toMatchObject({ answer: '4', settings: { exemplars: 'in-memory-two' } });
    expect(result.settings).not.toHaveProperty('exemplarsFile');
  });

  it('direct and self-consistency take one too', async () => {
    const set = await inMemorySet();
    const d = await answer(direct, new MockLanguageModel({ respond: ' The answer is 4.' }), { text: 'What is 2 + 2?', answer: { type: 'number' } }, { exemplars: set });
    expect(d.settings).toMatchObject({ exemplars: 'in-memory-two', style: 'direct' });
    const sc = await answer(
      selfConsistency,
      new MockLanguageModel({ respond: ' The answer is 4.' }),
      { text: 'What is 2 + 2?', answer: { type: 'number' } },
      { exemplars: set, paths: 3 },
    );
    expect(sc).toMatchObject({ answer: '4', settings: { exemplars: 'in-memory-two' } });
  });

  it('rejects a malformed set object as a bad option', async () => {
    const error: unknown = await answer(
      chainOfThought,
      new MockLanguageModel({ respond: 'x' }),
      { text: 'q', answer: { type: 'number' } },
      { exemplars: { id: 'broken' } as unknown as ExemplarSet },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues[0]).toEqual({
      path: ['exemplars'],
      message: 'must be an exemplar set id, a path ending in .json, or an exemplar set object in the set file format',
    });
  });
});
