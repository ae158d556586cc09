import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Completion, GenerateOptions } from '../../spec/model.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { pieces, questionOf, ReplayModel } from './index.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function collect(model: ReplayModel, options: GenerateOptions): Promise<Completion[]> {
  const out: Completion[] = [];
  for await (const c of model.generate(options)) out.push(c);
  return out;
}

const fewShot = (question: string): string => `Q: What is 1 + 1?\nA: The answer is 2.\n\nQ: ${question}\nA:`;

function model(): ReplayModel {
  return new ReplayModel({
    records: [
      { id: 'q1', question: 'What is 2 + 3?', answer: '5', answerType: 'number', samples: [' 2 + 3 = 5. The answer is 5.', ' The answer is 6.', { text: ' It is 5.', logprob: -2, tokens: 4 }] },
      { id: 'q2', answer: 'yes', answerType: 'yes-no', samples: ['Yes.', 'No.'] },
    ],
    ids: { 'Is the sky blue?': 'q2' },
  });
}

describe('questionOf', () => {
  it('reads the last Q:/A: block of a text prompt, the last user message of a chat', () => {
    expect(questionOf(fewShot('What is 2 + 3?')).trim()).toBe('What is 2 + 3?');
    expect(questionOf("Q: Why?\nA: Let's think step by step.").trim()).toBe('Why?');
    expect(questionOf('Question: plain prompt\nAnswer:')).toBe('Question: plain prompt\nAnswer:');
    const chat = [
      { role: 'user', content: 'What is 1 + 1?' },
      { role: 'assistant', content: 'The answer is 2.' },
      { role: 'user', content: 'What is 2 + 3?' },
    ] as const;
    expect(questionOf(chat)).toBe('What is 2 + 3?');
  });
});

describe('ReplayModel', () => {
  it('serves a question’s recorded samples in order, samples at a time, then fails naming the question', async () => {
    const m = model();
    expect(m.provider).toBe('replay');
    const first = await collect(m, { prompt: fewShot('What is  2 + 3?'), samples: 2 });
    expect(first.map((c) => [c.index, c.text])).toEqual([
      [0, ' 2 + 3 = 5. The answer is 5.'],
      [1, ' The answer is 6.'],
    ]);
    expect(first[0]?.outputTokens).toBe(9);
    expect(first[0]?.inputTokens).toBeGreaterThan(0);
    expect(first[1]?.inputTokens).toBe(0);
    expect(m.remaining('q1')).toBe(1);
    const next = await collect(m, { prompt: fewShot('What is 2 + 3?') });
    expect(next.map((c) => [c.index, c.text, c.outputTokens])).toEqual([[0, ' It is 5.', 4]]);
    await expect(collect(m, { prompt: fewShot('What is 2 + 3?') })).rejects.toMatchObject({
      name: 'BackendCallError',
      isRetryable: false,
      message: expect.stringMatching(/question "What is 2 \+ 3\?" \(record q1\) has 3 recorded samples, 3 already served; 1 more asked/),
    });
    m.reset();
    expect(m.remaining('q1')).toBe(3);
  });

  it('matches by the ids option, and rejects a prompt no record matches', async () => {
    const m = model();
    expect((await collect(m, { prompt: fewShot('Is the sky blue?') }))[0]?.text).toBe('Yes.');
    const chat = [{ role: 'user', content: 'Is the sky blue?' }] as const;
    expect((await collect(m, { prompt: chat }))[0]?.text).toBe('No.');
    await expect(collect(m, { prompt: fewShot('Unknown?') })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('cuts texts at stop strings and at maxTokens', async () => {
    const m = model();
    const [stopped] = await collect(m, { prompt: fewShot('What is 2 + 3?'), stop: ['.'] });
    expect(stopped).toMatchObject({ text: ' 2 + 3 = 5', outputTokens: 5, finishReason: { unified: 'stop', raw: 'stop-sequence' } });
    const [cut] = await collect(m, { prompt: fewShot('What is 2 + 3?'), maxTokens: 2 });
    expect(cut).toMatchObject({ text: ' The answer', outputTokens: 2, finishReason: { unified: 'length' } });
  });

  it('gives the recorded log-probability, and warns for samples without one', async () => {
    const m = model();
    expect(m.capabilities.logprobs).toBe(false);
    const completions = await collect(m, { prompt: fewShot('What is 2 + 3?'), samples: 3, logprobs: true });
    expect(completions[0]?.logprobs).toBeUndefined();
    expect(completions[0]?.warnings).toEqual(['logprobs were asked for, but the recording has none for this sample']);
    expect(completions[2]?.logprobs).toEqual({ tokens: [], sum: -2, mean: -0.5 });
    expect(completions[2]?.warnings).toEqual([]);
  });

  it('validates its options and records, listing every problem', () => {
    const attempt = (): ReplayModel =>
      new ReplayModel({
        records: [{ id: 'a', answer: '1', answerType: 'number', samples: [] }, { id: 'a', answer: '1', answerType: 'number', samples: ['x'] }],
        ids: { q: 'missing' },
        delayMs: -1,
      });
    expect(attempt).toThrow(InvalidArgumentError);
    const messages = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as InvalidArgumentError).issues.map((i) => i.path.join('.'));
      }
      return [];
    })();
    expect(messages).toEqual(['ReplayModel.delayMs', 'ReplayModel.records.0.samples']);
    expect(() => new ReplayModel({ records: [{ id: 'a', answer: '1', answerType: 'number', samples: ['x'] }], ids: { q: 'b' } })).toThrow(
      /ReplayModel\.ids\.q: no record has id "b"/,
    );
  });

  it('opens a recorded JSONL file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-replay-'));
    dirs.push(dir);
    const file = path.join(dir, 'gsm8k-mini.jsonl');
    await writeFile(file, '{"id":"q","question":"2+2?","answer":"4","answerType":"number","samples":[{"text":"4","logprob":-1,"tokens":1}]}\n');
    const m = await ReplayModel.fromFile(file);
    expect(m.modelId).toBe('gsm8k-mini.jsonl');
    expect(m.capabilities.logprobs).toBe(true);
    expect((await collect(m, { prompt: 'Q: 2+2?\nA:' }))[0]?.text).toBe('4');
  });

  it('splits text into whitespace-led pieces', () => {
    expect(pieces(' The answer is 5. ')).toEqual([' The', ' answer', ' is', ' 5. ']);
    expect(pieces('')).toEqual([]);
  });
});
