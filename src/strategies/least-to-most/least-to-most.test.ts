import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { bundledModelPath, openModel } from '../../backends/index.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import type { GenerateOptions, LanguageModel } from '../../spec/model.js';
import type { ReasoningEvent } from '../../spec/result.js';
import { generateItems } from '../../tasks/synthetic/index.js';
import { MockLanguageModel, type MockCompletion } from '../../test/index.js';
import { answer } from '../strategy.js';
import { leastToMost } from './least-to-most.js';
import { decompositionPrompt, loadLeastToMostSet } from './least-to-most-prompts.js';

// The suite's mock writes no quoted sub-question, so each run asks the question directly (the failed-decomposition
// rule). Only the one-path run: the suite makes sample i of a call abstain for odd i, and a least-to-most path's answer
// comes from a one-sample call of its own (sample 0), so with several paths no path would abstain where the suite
// expects half of them to. Sampled paths are checked below instead.
describeStrategyConformance(leastToMost, () => ({}), 'greedy, one path');

const letters = { text: 'Take the last letters of the words in "Elon Musk" and concatenate them.', answer: { type: 'text' } } as const;
const sub = (words: string): string => `Take the last letters of the words in "${words}" and concatenate them.`;
const three = { text: 'Take the last letters of the words in "Ada Bo Cy" and concatenate them.', answer: { type: 'text' } } as const;
const story = { text: 'Ann has 7 cups. She buys 2 more. She loses 3. How many cups does Ann have now?', answer: { type: 'number' } } as const;

const promptOf = (options: GenerateOptions | undefined): string => (typeof options?.prompt === 'string' ? options.prompt : '');
/** The sub-question a stage-2 prompt asks: its last "Q: " line. */
const asking = (options: GenerateOptions): string => promptOf(options).split('\n').at(-2)?.replace(/^Q: /, '') ?? '';

/** Call 0 (the decomposition) says `decomposition`; sub-question q is answered `answers[q]`, else "I do not know.". */
function scripted(decomposition: string, answers: Readonly<Record<string, string>>): MockLanguageModel {
  return new MockLanguageModel({
    respond: (options, _sample, call): MockCompletion => {
      const tokens = { inputTokens: 10, outputTokens: 4 };
      return { ...tokens, text: call === 0 ? decomposition : ` ${answers[asking(options)] ?? 'I do not know.'}` };
    },
  });
}

describe('least-to-most: the two stages', () => {
  it('decomposes, then asks the sub-questions in order, each prompt holding the earlier answers', async () => {
    const model = scripted(' "Elon", "Elon Musk"', {
      [sub('Elon')]: 'The last letter of "Elon" is "n". The answer is n.',
      [sub('Elon Musk')]: '"Elon" outputs "n". The last letter of "Musk" is "k". Concatenating "n", "k" leads to "nk". The answer is nk.',
    });
    const result = await answer(leastToMost, model, letters);
    const set = await loadLeastToMostSet('concord-l2m-letters');
    expect(model.calls).toHaveLength(3);
    expect(model.calls[0]).toMatchObject({ prompt: decompositionPrompt(set, letters.text), samples: 1, temperature: 0, topK: 0, maxTokens: 128, stop: ['\n'], seed: 0 });
    expect(promptOf(model.calls[1]).endsWith(`\n\nQ: ${sub('Elon')}\nA:`)).toBe(true);
    expect(promptOf(model.calls[2]).endsWith(`\n\nQ: ${sub('Elon')}\nA: The last letter of "Elon" is "n". The answer is n.\nQ: ${letters.text}\nA:`)).toBe(true);
    expect(model.calls[2]).toMatchObject({ samples: 1, temperature: 0, maxTokens: 128, stop: ['\n'] });
    expect(result).toMatchObject({ answer: 'nk', confidence: 1, votes: [{ answer: 'nk', count: 1, share: 1 }] });
    expect(result.paths[0]?.text).toBe(
      ` "Elon", "Elon Musk"\nQ: ${sub('Elon')}\nA: The last letter of "Elon" is "n". The answer is n.\nQ: ${letters.text}\nA: "Elon" outputs "n". The last letter of "Musk" is "k". Concatenating "n", "k" leads to "nk". The answer is nk.`,
    );
    expect(result.paths[0]).toMatchObject({ rule: 'answer-phrase', tokens: 12 });
    expect(result.usage).toMatchObject({ inputTokens: 30, outputTokens: 12 });
    expect(result.settings).toMatchObject({
      strategy: 'least-to-most',
      exemplars: 'concord-l2m-letters',
      paths: 1,
      temperature: 0,
      topK: 0,
      decompositionStop: ['\n'],
      solutionStop: ['\n'],
      decompositions: [{ path: 0, parsed: true, dropped: 0, ignored: 0, subquestions: [{ question: sub('Elon'), answer: 'n' }, { question: letters.text, answer: 'nk' }] }],
    });
  });

  it('arithmetic: the to-solve form, the statement before the steps, the question asked last', async () => {
    const model = scripted(' To solve "How many cups does Ann have now?", we need to first solve: "How many cups does Ann have after she buys 2 more?".', {
      'How many cups does Ann have after she buys 2 more?': 'Ann has 7 cups. She buys 2 more, so 7 + 2 = 9. The answer is 9.',
      'How many cups does Ann have now?': 'Ann has 9 cups. She loses 3, so 9 - 3 = 6. The answer is 6.',
    });
    const result = await answer(leastToMost, model, story);
    expect(result.answer).toBe('6');
    expect(promptOf(model.calls[2]).endsWith('\n\nAnn has 7 cups. She buys 2 more. She loses 3.\nQ: How many cups does Ann have after she buys 2 more?\nA: Ann has 7 cups. She buys 2 more, so 7 + 2 = 9. The answer is 9.\nQ: How many cups does Ann have now?\nA:')).toBe(true);
    expect(result.settings).toMatchObject({ exemplars: 'concord-l2m-arithmetic', decompositions: [{ subquestions: [{ answer: '9' }, { answer: '6' }] }] });
  });

  it('streams the path as one text: decomposition, then per sub-question the joint and the answer', async () => {
    const model = scripted(' "Elon", "Elon Musk"', { [letters.text]: 'The answer is nk.' });
    const deltas: string[] = [];
    let text: string | undefined;
    for await (const event of leastToMost.stream(model, letters)) {
      if (event.type === 'text-delta') deltas.push(event.delta);
      if (event.type === 'path-end') text = event.path.text;
    }
    expect(deltas).toEqual([' "Elon", "Elon Musk"', `\nQ: ${sub('Elon')}\nA:`, ' I do not know.', `\nQ: ${letters.text}\nA:`, ' The answer is nk.']);
    expect(deltas.join('')).toBe(text);
  });

  it('a decomposition with no quoted sub-question asks the question directly, with a warning', async () => {
    const model = scripted(' I would split the name.', { [letters.text]: 'The answer is nk.' });
    const result = await answer(leastToMost, model, letters);
    expect(model.calls).toHaveLength(2);
    expect(result.answer).toBe('nk');
    expect(result.warnings).toContain('least-to-most: a decomposition named no sub-question; the question was asked directly');
    expect(result.settings).toMatchObject({ decompositions: [{ parsed: false, subquestions: [{ question: letters.text, answer: 'nk' }] }] });
  });

  it('caps the sub-questions at maxSubquestions and says so', async () => {
    const long = { text: 'Take the last letters of the words in "Ada Bo Cy Di" and concatenate them.', answer: { type: 'text' } } as const;
    const model = scripted(' "Ada", "Ada Bo", "Ada Bo Cy", "Ada Bo Cy Di"', {});
    const result = await answer(leastToMost, model, long, { maxSubquestions: 2 });
    expect(model.calls.slice(1).map(asking)).toEqual([sub('Ada'), sub('Ada Bo'), long.text]);
    expect(result.warnings).toContain('least-to-most: a decomposition named more than 2 sub-questions (maxSubquestions); the rest were dropped');
    expect(result.answer).toBeNull();
  });
});

describe('least-to-most: sampled paths, sets and options', () => {
  it('samples every decomposition in ONE call, runs the paths on, and votes', async () => {
    // Path 1 decomposes into "Ada" alone and ends with mk; paths 0 and 2 end with nk.
    const decompositions = [' "Ada", "Ada Bo"', ' "Ada"', ' "Ada Bo"'];
    const model = new MockLanguageModel({
      respond: (options, sample): MockCompletion => {
        if ((options.samples ?? 1) > 1) return decompositions[sample] ?? '';
        const open = promptOf(options).split('\n\n').at(-1) ?? '';
        const last = asking(options) !== three.text ? 'x' : open.includes(sub('Ada Bo')) ? 'nk' : 'mk';
        return ` The answer is ${last}.`;
      },
    });
    const events: ReasoningEvent[] = [];
    for await (const event of leastToMost.stream(model, three, { paths: 3, seed: 4 })) events.push(event);
    const result = events.at(-1)?.type === 'end' ? (events.at(-1) as Extract<ReasoningEvent, { type: 'end' }>).result : undefined;
    expect(model.calls[0]).toMatchObject({ samples: 3, temperature: 0.7, topK: 40, seed: 4 });
    expect(model.calls.slice(1).every((c) => c.samples === 1 && c.temperature === 0.7)).toBe(true);
    expect(new Set(model.calls.slice(1).map((c) => c.seed))).toEqual(new Set([4, 5, 6]));
    expect(result?.paths).toHaveLength(3);
    expect(result?.votes[0]).toMatchObject({ answer: 'nk', count: 2 });
    expect(result?.settings).toMatchObject({ paths: 3, temperature: 0.7 });
  });

  it('picks the set by answer type, warns where none fits, and takes a set object', async () => {
    const coin = { text: 'A coin is heads up. Ka flips the coin. Is the coin still heads up?', answer: { type: 'yes-no' } } as const;
    const result = await answer(leastToMost, scripted(' "x"', {}), coin);
    expect(result.settings).toMatchObject({ exemplars: 'concord-l2m-arithmetic' });
    expect(result.warnings).toContain('least-to-most set concord-l2m-arithmetic shows number answers, but the question asks for a yes-no answer');
    const set = await loadLeastToMostSet('concord-l2m-letters');
    const mine = await answer(leastToMost, scripted(' "Elon"', {}), letters, { exemplars: { ...set, id: 'mine', num_exemplars: 1, exemplars: set.exemplars.slice(0, 1) } });
    expect(mine.settings).toMatchObject({ exemplars: 'mine' });
  });

  it('rejects bad options at once, with a "did you mean" for a set id', async () => {
    const error: unknown = await answer(leastToMost, scripted('', {}), letters, { exemplars: 'concord-l2m-leters', paths: 0, maxSubquestions: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const issues = (error as InvalidArgumentError).issues;
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['exemplars', 'maxSubquestions', 'paths']);
    expect(issues.find((i) => i.path[0] === 'exemplars')?.message).toMatch(/did you mean "concord-l2m-letters"/);
  });
});

describe.skipIf(bundledModelPath() === undefined)('least-to-most on Concord Mini (model/concord-mini.gguf)', () => {
  let model: LanguageModel;
  beforeAll(async () => {
    model = await openModel({ sequences: 4, contextSize: 2048 });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  // The model was never trained on either stage's format: this checks the pipeline end to end, not its accuracy.
  it.each(['letters', 'arithmetic'] as const)('runs both stages on an in-distribution %s item', async (task) => {
    const [item] = generateItems(task, 'in', { seed: 5, count: 1 });
    if (item === undefined) throw new Error('no item');
    const result = await answer(leastToMost, model, { text: item.question, answer: { type: item.answerType } });
    expect(result.paths).toHaveLength(1);
    const [record] = result.settings.decompositions as { subquestions: unknown[] }[];
    expect(record?.subquestions.length).toBeGreaterThanOrEqual(1);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.paths[0]?.text.length).toBeGreaterThan(0);
  });
});
