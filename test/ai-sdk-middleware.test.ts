/**
 * The self-consistency middleware with the AI SDK's own packages (`ai`, `@ai-sdk/openai-compatible`): against the
 * loopback OpenAI-compatible fixture (scripted answers, to pin the vote and the requests), and against
 * `concord serve`'s app with Concord Mini behind it (a real model).
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfConsistency, type SelfConsistencyMetadata } from '../src/ai-sdk/index.js';
import { openModel } from '../src/backends/index.js';
import { Engine, startServer, type RunningServer } from '../src/server/index.js';
import { MockLanguageModel } from '../src/test/index.js';
import { startOpenAIFixture, type OpenAIFixture } from './fixtures/openai-server.js';

const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
// Path i answers by its seed: 15 three times in five, 17 and 13 once each.
const BY_SEED = ['15', '17', '15', '13', '15'];

let fixture: OpenAIFixture;
let server: RunningServer;

beforeAll(async () => {
  const model = new MockLanguageModel({ modelId: 'fixture-model', respond: (options) => ` 12 + 7 - 4 = ${BY_SEED[(options.seed ?? 0) % 5]}. The answer is ${BY_SEED[(options.seed ?? 0) % 5]}.` });
  fixture = await startOpenAIFixture({ model });
  server = await startServer({ engine: new Engine({ model: await openModel() }), port: 0 });
});

afterAll(async () => {
  await fixture?.close();
  await server?.close();
});

const provider = (baseURL: string): ReturnType<typeof createOpenAICompatible> => createOpenAICompatible({ name: 'test', baseURL });

describe('selfConsistency middleware', () => {
  it('generateText samples k paths through the provider and returns the voted answer with the vote', async () => {
    fixture.reset();
    const model = wrapLanguageModel({ model: provider(fixture.url)('fixture-model'), middleware: selfConsistency({ paths: 5, answer: { type: 'number' } }) });
    const result = await generateText({ model, prompt: QUESTION, seed: 0 });
    expect(result.text).toMatch(/The answer is 15\.$/);
    const concord = result.providerMetadata?.concord as unknown as SelfConsistencyMetadata;
    expect(concord).toMatchObject({ answer: '15', confidence: 0.6 });
    expect(concord.votes.map((v) => [v.answer, v.count])).toEqual([['15', 3], ['17', 1], ['13', 1]]);
    const requests = fixture.generationRequests();
    expect(requests).toHaveLength(5);
    expect(requests.map((r) => r.body?.seed).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(requests.every((r) => r.body?.temperature === 0.7)).toBe(true);
    // Usage is every path's, not the winner's alone.
    expect(result.usage.outputTokens).toBe(concord.paths.reduce((sum, p) => sum + p.text.trim().split(/\s+/).length, 0));
  });

  it('streamText streams the voted path, the vote in the finish metadata', async () => {
    fixture.reset();
    const model = wrapLanguageModel({ model: provider(fixture.url)('fixture-model'), middleware: selfConsistency({ paths: 5, concurrency: 2 }) });
    const result = streamText({ model, prompt: QUESTION, seed: 5 });
    expect(await result.text).toMatch(/The answer is 15\.$/);
    expect(((await result.providerMetadata)?.concord as unknown as SelfConsistencyMetadata).answer).toBe('15');
    expect(fixture.generationRequests()).toHaveLength(5);
  });

  it('bad options are an error naming the option', () => {
    expect(() => selfConsistency({ paths: 0 })).toThrow(/paths/);
    expect(() => selfConsistency({ answer: { type: 'choice', letters: [] } })).toThrow(/answer/);
  });

  it('votes over Concord Mini through concord serve (sc-1 at the sampled temperature per path)', async () => {
    const model = wrapLanguageModel({ model: provider(`${server.url}/v1`)('sc-1/concord-mini'), middleware: selfConsistency({ paths: 6 }) });
    const result = await generateText({ model, prompt: QUESTION, providerOptions: { test: { concord: { exemplars: 'concord-arithmetic' } } } });
    const concord = result.providerMetadata?.concord as unknown as SelfConsistencyMetadata;
    expect(concord.paths).toHaveLength(6);
    expect(concord.answer).toBe('15');
    expect(concord.votes[0]?.count).toBeGreaterThanOrEqual(3);
  });
});
