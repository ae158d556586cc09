/**
 * The openai backend against a real HTTP server on loopback (test/fixtures/openai-server.ts): the conformance
 * suite on both endpoints and on a server that ignores `n`, then the wire format and every failure mode.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIModel, readOpenAIApiKeyFromEnv, type OpenAIModelOptions } from '../src/backends/openai/index.js';
import type { Completion, GenerateOptions } from '../src/spec/model.js';
import { MockLanguageModel } from '../src/test/index.js';
import { describeModelConformance } from './conformance/model-conformance.js';
import { seededWordResponder, startOpenAIFixture, type OpenAIFixture, type OpenAIFixtureFault } from './fixtures/openai-server.js';

const MODEL_ID = 'mock-model';
const fixtures: OpenAIFixture[] = [];

async function fixtureWith(options: Parameters<typeof startOpenAIFixture>[0] = {}): Promise<OpenAIFixture> {
  const fixture = await startOpenAIFixture({ model: new MockLanguageModel({ respond: seededWordResponder() }), ...options });
  fixtures.push(fixture);
  return fixture;
}

afterAll(async () => {
  await Promise.all(fixtures.map((f) => f.close()));
});

/** Fast retries so failure tests take milliseconds; an explicit key so the environment's cannot leak in. */
function modelAt(fixture: OpenAIFixture, options: Partial<OpenAIModelOptions> = {}): OpenAIModel {
  return new OpenAIModel({ baseURL: fixture.url, modelId: MODEL_ID, apiKey: 'sk-test', retryBaseDelayMs: 5, retryMaxDelayMs: 20, ...options });
}

function conformanceModel(options: Partial<OpenAIModelOptions>, faults: OpenAIFixtureFault[] = []): () => Promise<OpenAIModel> {
  let fixture: Promise<OpenAIFixture> | undefined;
  return async () => {
    // Latency makes the mid-generation abort land while the request is in flight.
    fixture ??= fixtureWith({ latencyMs: 30 }).then((f) => {
      f.setFault(...faults);
      return f;
    });
    return modelAt(await fixture, options);
  };
}

describeModelConformance('openai, completions endpoint', conformanceModel({}), { supportsLogprobs: true });
describeModelConformance('openai, chat endpoint', conformanceModel({ endpoint: 'chat' }), { supportsLogprobs: true });
describeModelConformance('openai, a server that ignores n', conformanceModel({}, [{ kind: 'ignore-n' }]), { supportsLogprobs: true });
describeModelConformance('openai, nativeN never', conformanceModel({ nativeN: 'never' }), { supportsLogprobs: true });

async function collect(stream: AsyncIterable<Completion>): Promise<Completion[]> {
  const out: Completion[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

async function failure(stream: AsyncIterable<Completion>): Promise<Error> {
  try {
    await collect(stream);
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

const PROMPT = 'Q: 2 + 3 = ?\nA:';
const sampled: GenerateOptions = { prompt: PROMPT, temperature: 0.7, seed: 100, maxTokens: 8 };

describe('OpenAIModel: samples and n', () => {
  let fixture: OpenAIFixture;
  beforeAll(async () => {
    fixture = await fixtureWith();
  });
  afterEach(() => fixture.reset());

  it('asks for k paths with n in one HTTP request where the server honours it', async () => {
    const model = modelAt(fixture);
    const completions = await collect(model.generate({ ...sampled, samples: 5 }));
    expect(completions.map((c) => c.index).sort()).toEqual([0, 1, 2, 3, 4]);
    const requests = fixture.generationRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ n: 5, seed: 100 });
    // The prompt was evaluated once, so it is counted once.
    expect(completions.filter((c) => c.inputTokens > 0)).toHaveLength(1);
    expect(model.honoursN).toBe(true);
    expect(model.capabilities.nativeMultiSample).toBe(true);
  });

  it('falls back to single requests when the server ignores n, and remembers it', async () => {
    const native = await collect(modelAt(fixture).generate({ ...sampled, samples: 4 }));
    fixture.reset();
    fixture.setFault({ kind: 'ignore-n' });
    const model = modelAt(fixture);
    const completions = await collect(model.generate({ ...sampled, samples: 4 }));
    expect(completions).toHaveLength(4);
    expect(completions.map((c) => c.index).sort()).toEqual([0, 1, 2, 3]);
    const bodies = fixture.generationRequests().map((r) => r.body);
    expect(bodies).toHaveLength(4);
    expect(bodies[0]).toMatchObject({ n: 4, seed: 100 });
    expect(bodies.slice(1).map((b) => [b?.['n'], b?.['seed']]).sort()).toEqual([
      [undefined, 101],
      [undefined, 102],
      [undefined, 103],
    ]);
    const notes = completions.map((c) => c.warnings.join(' '));
    expect(notes.filter((w) => w.includes('returned 1 of the 4 choices asked for with n'))).toHaveLength(1);
    expect(notes.filter((w) => w.includes('sampled with its own request: the server ignored n=4'))).toHaveLength(3);
    expect(model.honoursN).toBe(false);
    expect(model.capabilities.nativeMultiSample).toBe(false);
    // seed + i per single request reproduces what one request with n gave, on this fixture's seeded responder.
    const text = (list: Completion[]): string[] => [...list].sort((a, b) => a.index - b.index).map((c) => c.text);
    expect(text(completions)).toEqual(text(native));

    fixture.reset();
    fixture.setFault({ kind: 'ignore-n' });
    await collect(model.generate({ ...sampled, samples: 3 }));
    const again = fixture.generationRequests().map((r) => r.body?.['n']);
    expect(again).toEqual([undefined, undefined, undefined]);
  });

  it("with nativeN 'always' keeps asking with n even after a shortfall", async () => {
    fixture.setFault({ kind: 'ignore-n' });
    const model = modelAt(fixture, { nativeN: 'always' });
    await collect(model.generate({ ...sampled, samples: 2 }));
    await collect(model.generate({ ...sampled, samples: 2 }));
    expect(fixture.generationRequests().map((r) => r.body?.['n'])).toEqual([2, undefined, 2, undefined]);
  });

  it("with nativeN 'never' sends k single requests, seeded seed + i, at most maxConcurrentRequests at a time", async () => {
    fixture.setLatency(100);
    try {
      const model = modelAt(fixture, { nativeN: 'never', maxConcurrentRequests: 2 });
      const completions = await collect(model.generate({ ...sampled, samples: 4 }));
      expect(completions).toHaveLength(4);
      const requests = fixture.generationRequests();
      expect(requests.map((r) => r.body?.['seed']).sort()).toEqual([100, 101, 102, 103]);
      expect(requests.every((r) => r.body?.['n'] === undefined)).toBe(true);
      const [first, , third] = requests.map((r) => r.at);
      // The third request waited for a slot: the first wave of two took the fixture's 100 ms.
      expect((third ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(80);
    } finally {
      fixture.setLatency(0);
    }
  });

  it('yields each completion when its response arrives', async () => {
    const slow = await fixtureWith({
      replies: async (request) => {
        if (request.body?.['seed'] === 100) await new Promise((resolve) => setTimeout(resolve, 400));
        return undefined;
      },
    });
    const started = performance.now();
    const arrivals: { index: number; ms: number }[] = [];
    for await (const c of modelAt(slow, { nativeN: 'never' }).generate({ ...sampled, samples: 2 })) {
      arrivals.push({ index: c.index, ms: performance.now() - started });
    }
    expect(arrivals.map((a) => a.index)).toEqual([1, 0]);
    expect(arrivals[0]?.ms).toBeLessThan(300);
  });
});

describe('OpenAIModel: the wire format', () => {
  let fixture: OpenAIFixture;
  beforeAll(async () => {
    fixture = await fixtureWith({ apiKey: 'sk-test' });
  });
  afterEach(() => fixture.reset());

  it('sends the API key as a bearer token and fails fast on 401', async () => {
    await collect(modelAt(fixture).generate({ prompt: PROMPT }));
    expect(fixture.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    fixture.reset();
    const error = await failure(modelAt(fixture, { apiKey: 'sk-wrong', maxRetries: 3 }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'BackendCallError', status: 401, isRetryable: false });
    expect(error.message).toContain(`POST ${fixture.url}/completions failed with 401: Incorrect API key provided.`);
    expect(error.message).toContain('CONCORD_OPENAI_API_KEY');
    expect(fixture.requests).toHaveLength(1);
  });

  it('reads the API key from CONCORD_OPENAI_API_KEY, then OPENAI_API_KEY', () => {
    expect(readOpenAIApiKeyFromEnv({ CONCORD_OPENAI_API_KEY: 'a', OPENAI_API_KEY: 'b' })).toBe('a');
    expect(readOpenAIApiKeyFromEnv({ CONCORD_OPENAI_API_KEY: '', OPENAI_API_KEY: 'b' })).toBe('b');
    expect(readOpenAIApiKeyFromEnv({})).toBeUndefined();
  });

  it('sends text to /completions and messages to /chat/completions', async () => {
    const model = modelAt(fixture);
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ] as const;
    await collect(model.generate({ prompt: PROMPT }));
    await collect(model.generate({ prompt: messages }));
    await collect(modelAt(fixture, { endpoint: 'chat' }).generate({ prompt: PROMPT }));
    const [text, chat, textToChat] = fixture.requests;
    expect(text?.path).toBe('/v1/completions');
    expect(text?.body).toMatchObject({ model: MODEL_ID, prompt: PROMPT });
    expect(chat?.path).toBe('/v1/chat/completions');
    expect(chat?.body?.['messages']).toEqual(messages);
    expect(textToChat?.path).toBe('/v1/chat/completions');
    expect(textToChat?.body?.['messages']).toEqual([{ role: 'user', content: PROMPT }]);
  });

  it('refuses messages on the completions endpoint without sending anything', async () => {
    const model = modelAt(fixture, { endpoint: 'completions' });
    const error = await failure(model.generate({ prompt: [{ role: 'user', content: 'Hi' }] }));
    expect(error).toMatchObject({ name: 'InvalidArgumentError' });
    expect(fixture.requests).toHaveLength(0);
  });

  it('maps the sampling options to the request body', async () => {
    const model = modelAt(fixture);
    await collect(model.generate({ prompt: PROMPT, temperature: 0.5, topK: 40, topP: 0.9, maxTokens: 12, stop: ['\n\n'], seed: 7, logprobs: true }));
    await collect(model.generate({ prompt: PROMPT }));
    const [full, plain] = fixture.requests.map((r) => r.body);
    expect(full).toEqual({
      model: MODEL_ID,
      prompt: PROMPT,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      max_tokens: 12,
      stop: ['\n\n'],
      seed: 7,
      logprobs: 1,
      stream: false,
    });
    // The spec's defaults; parameters at their "off" value are left out for servers that reject unknown ones.
    expect(plain).toEqual({ model: MODEL_ID, prompt: PROMPT, temperature: 0, max_tokens: 256, stream: false });
  });

  it('reports an unknown model as NoSuchModelError, and lists the served models', async () => {
    const error = await failure(modelAt(fixture, { modelId: 'no-such-model' }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'NoSuchModelError', model: 'no-such-model' });
    const models = await OpenAIModel.listModels({ baseURL: fixture.url, apiKey: 'sk-test' });
    expect(models).toEqual([{ id: MODEL_ID, ownedBy: 'concord-fixture' }]);
  });

  it('rejects bad constructor options all at once', () => {
    expect(() => new OpenAIModel({ baseURL: 'not a url', modelId: '', maxRetries: -1 })).toThrow(
      /OpenAIModel\.baseURL: .*; OpenAIModel\.modelId: .*; OpenAIModel\.maxRetries: /,
    );
  });
});

describe('OpenAIModel: log-probabilities, finish reasons and usage', () => {
  const completionsReply = {
    choices: [
      {
        index: 0,
        text: ' 5.',
        finish_reason: 'stop',
        logprobs: { tokens: [' 5', '.'], token_logprobs: [-0.25, -0.75], top_logprobs: null, text_offset: [0, 2] },
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 2 },
  };
  const chatReply = {
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Five' },
        finish_reason: 'length',
        logprobs: { content: [{ token: 'Fi', logprob: -1, bytes: [70, 105], top_logprobs: [] }, { token: 've', logprob: -0.5, top_logprobs: [] }] },
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 2 },
  };

  it('maps completions-endpoint logprobs (tokens + token_logprobs)', async () => {
    const fixture = await fixtureWith({ replies: [{ body: completionsReply }] });
    const [c] = await collect(modelAt(fixture).generate({ prompt: PROMPT, logprobs: true }));
    expect(fixture.requests[0]?.body?.['logprobs']).toBe(1);
    expect(c?.logprobs).toEqual({
      tokens: [
        { token: ' 5', logprob: -0.25 },
        { token: '.', logprob: -0.75 },
      ],
      sum: -1,
      mean: -0.5,
    });
    expect(c).toMatchObject({ text: ' 5.', outputTokens: 2, inputTokens: 9, finishReason: { unified: 'stop', raw: 'stop' } });
  });

  it('maps chat-endpoint logprobs (content[].token, logprob)', async () => {
    const fixture = await fixtureWith({ replies: [{ body: chatReply }] });
    const [c] = await collect(modelAt(fixture, { endpoint: 'chat' }).generate({ prompt: PROMPT, logprobs: true }));
    expect(fixture.requests[0]?.body?.['logprobs']).toBe(true);
    expect(c?.logprobs).toEqual({ tokens: [{ token: 'Fi', logprob: -1 }, { token: 've', logprob: -0.5 }], sum: -1.5, mean: -0.75 });
    expect(c).toMatchObject({ text: 'Five', outputTokens: 2, inputTokens: 12, finishReason: { unified: 'length', raw: 'length' } });
  });

  it('warns when logprobs were asked for and the server sent none', async () => {
    const fixture = await fixtureWith({ replies: [{ body: { choices: [{ index: 0, text: 'x', finish_reason: 'stop' }] } }] });
    const [c] = await collect(modelAt(fixture).generate({ prompt: PROMPT, logprobs: true }));
    expect(c?.logprobs).toBeUndefined();
    expect(c?.warnings.join(' ')).toContain('logprobs were asked for but the server returned none');
  });

  it('keeps unknown finish reasons raw, and divides one usage total over n choices honestly', async () => {
    const reply = {
      choices: [
        { index: 0, text: 'a b c d', finish_reason: 'length' },
        { index: 1, text: 'abc', finish_reason: 'content_filter' },
        { index: 2, text: 'abcdef', finish_reason: null },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 10 },
    };
    const fixture = await fixtureWith({ replies: [{ body: reply }] });
    const completions = await collect(modelAt(fixture).generate({ prompt: PROMPT, samples: 3, maxTokens: 4 }));
    const [a, b, c] = [...completions].sort((x, y) => x.index - y.index);
    expect(a?.finishReason).toEqual({ unified: 'length', raw: 'length' });
    expect(b?.finishReason).toEqual({ unified: 'other', raw: 'content_filter' });
    expect(c?.finishReason).toEqual({ unified: 'other', raw: undefined });
    // The `length` choice used exactly maxTokens; the other 6 tokens are split 1:2 by text length.
    expect([a?.outputTokens, b?.outputTokens, c?.outputTokens]).toEqual([4, 2, 4]);
    expect(completions.map((x) => x.inputTokens)).toEqual([10, 0, 0]);
    expect(a?.warnings.join(' ')).toContain('outputTokens estimated');
  });
});

describe('OpenAIModel: failures', () => {
  let fixture: OpenAIFixture;
  beforeAll(async () => {
    fixture = await fixtureWith();
  });
  afterEach(() => {
    fixture.reset();
    fixture.setLatency(0);
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    fixture.setFault({ kind: 'rate-limit', times: 1, retryAfter: '1' });
    const started = performance.now();
    const completions = await collect(modelAt(fixture).generate({ prompt: PROMPT }));
    expect(completions).toHaveLength(1);
    const requests = fixture.generationRequests();
    expect(requests).toHaveLength(2);
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('recovers from a short 500 storm', async () => {
    fixture.setFault({ kind: 'server-error', times: 2 });
    const completions = await collect(modelAt(fixture, { maxRetries: 2 }).generate({ prompt: PROMPT }));
    expect(completions).toHaveLength(1);
    expect(fixture.generationRequests()).toHaveLength(3);
  });

  it('gives up on a 500 storm after maxRetries with a BackendCallError carrying the status', async () => {
    fixture.setFault({ kind: 'server-error', times: 'always' });
    const error = await failure(modelAt(fixture, { maxRetries: 3 }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'BackendCallError', status: 500, isRetryable: true, url: `${fixture.url}/completions` });
    expect(error.message).toContain(`POST ${fixture.url}/completions failed with 500: The server had an error`);
    expect(error.message).toContain('gave up after 4 attempts');
    expect(fixture.generationRequests()).toHaveLength(4);
  });

  it('times out a hung socket with an error that names the URL and the time-out', async () => {
    fixture.setFault({ kind: 'hang' });
    const started = performance.now();
    const error = await failure(modelAt(fixture, { timeoutMs: 150, maxRetries: 1 }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'UnreachableError', url: `${fixture.url}/completions` });
    expect(error.message).toContain('no response within 150 ms (timeoutMs)');
    expect(fixture.generationRequests()).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('fails at once, without retrying, on a body that is not JSON', async () => {
    fixture.setFault({ kind: 'malformed-json' });
    const error = await failure(modelAt(fixture, { maxRetries: 3 }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'BackendCallError', isRetryable: false, status: undefined });
    expect(error.message).toContain(`POST ${fixture.url}/completions returned an unusable body: the body is not JSON`);
    expect(fixture.generationRequests()).toHaveLength(1);
  });

  it('fails at once on JSON without choices, saying what is missing', async () => {
    fixture.setFault({ kind: 'wrong-shape' });
    const error = await failure(modelAt(fixture, { maxRetries: 3 }).generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'BackendCallError', isRetryable: false });
    expect(error.message).toMatch(/returned an unusable body: choices: .*expected array/);
    expect(fixture.generationRequests()).toHaveLength(1);
  });

  it('reports a closed port as UnreachableError naming the URL', async () => {
    const port = await freePort();
    const model = new OpenAIModel({ baseURL: `http://127.0.0.1:${port}/v1`, modelId: MODEL_ID, maxRetries: 1, retryBaseDelayMs: 5 });
    const error = await failure(model.generate({ prompt: PROMPT }));
    expect(error).toMatchObject({ name: 'UnreachableError', url: `http://127.0.0.1:${port}/v1/completions` });
    expect(error.message).toContain(`Cannot reach http://127.0.0.1:${port}/v1/completions`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it("aborts in-flight requests promptly on the caller's signal", async () => {
    fixture.setLatency(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failure(modelAt(fixture, { nativeN: 'never' }).generate({ prompt: PROMPT, samples: 3, signal: controller.signal }));
    expect(error).toMatchObject({ name: 'AbortedError' });
    expect(performance.now() - started).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fixture.generationRequests().map((r) => r.state)).toEqual(['client-closed', 'client-closed', 'client-closed']);
  });

  it('aborts during a retry back-off, not after it', async () => {
    fixture.setFault({ kind: 'rate-limit', times: 'always', retryAfter: '30' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(modelAt(fixture).generate({ prompt: PROMPT, signal: controller.signal }));
    expect(error).toMatchObject({ name: 'AbortedError' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('dispose aborts in-flight requests, and generate afterwards throws DisposedError', async () => {
    fixture.setLatency(5_000);
    const model = modelAt(fixture);
    const running = failure(model.generate({ prompt: PROMPT, samples: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await model.dispose();
    expect(await running).toMatchObject({ name: 'DisposedError' });
    expect(performance.now() - started).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fixture.generationRequests().map((r) => r.state)).toEqual(['client-closed']);
    expect(await failure(model.generate({ prompt: PROMPT }))).toMatchObject({ name: 'DisposedError' });
  });

  it('stops the remaining requests when the consumer stops early', async () => {
    const model = modelAt(fixture, { nativeN: 'never', maxConcurrentRequests: 1 });
    for await (const _ of model.generate({ prompt: PROMPT, samples: 5 })) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requests = fixture.generationRequests();
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(requests.filter((r) => r.state === 'open')).toHaveLength(0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
