// The app without a port (app.request): routing, the OpenAI wire shapes, validation, auth and limits. The model
// is a test double, which pins the server's bookkeeping; test/server.test.ts runs the real model and client.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field against the wire format */
import { describe, expect, it } from 'vitest';
import type { Completion, GenerateOptions, LanguageModel } from '../spec/model.js';
import { AbortedError } from '../spec/errors/index.js';
import { MockLanguageModel } from '../test/index.js';
import { createApp } from './app.js';
import { Engine, type EngineOptions } from './engine.js';

const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
const answers = ['15', '15', '17', '15'];
const mock = (): MockLanguageModel =>
  new MockLanguageModel({ modelId: 'mini', respond: (_o, sample) => ` 12 + 7 - 4 = ${answers[sample % answers.length]}. The answer is ${answers[sample % answers.length]}.` });

function setup(engineOptions: Partial<EngineOptions> = {}, appOptions: Parameters<typeof createApp>[1] = {}) {
  const model = (engineOptions.model as MockLanguageModel | undefined) ?? mock();
  const engine = new Engine({ model, ...engineOptions });
  const app = createApp(engine, appOptions);
  const post = (path: string, body: unknown, init: RequestInit = {}): Promise<Response> =>
    Promise.resolve(
      app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), ...init, headers: { 'content-type': 'application/json', ...init.headers } }),
    );
  return { model, engine, app, post };
}

const chat = (model: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model, messages: [{ role: 'user', content: QUESTION }], ...extra });

/** The data lines of an SSE body: JSON objects, and the raw `[DONE]`. */
async function sseData(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'))
    .filter((data) => data !== '')
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

describe('routes', () => {
  it('health, the model list with every strategy prefix, one model, and a 404 for anything else', async () => {
    const { app } = setup();
    const health = (await (await app.request('/health')).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', model: 'mini', running: 0, queued: 0, max_concurrent: 8, queue: 64 });
    const list = (await (await app.request('/v1/models')).json()) as { object: string; data: { id: string; object: string; owned_by: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toEqual(
      expect.arrayContaining(['mini', 'direct/mini', 'cot/mini', 'zs-cot/mini', 'sc-8/mini', 'sc-16/mini', 'sc-zs-8/mini']),
    );
    expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'concord' });
    expect(await (await app.request('/v1/models/sc-16/mini')).json()).toMatchObject({ id: 'sc-16/mini', concord: { strategy: 'self-consistency', options: { paths: 16 } } });
    const missing = await app.request('/v1/models/gpt-4');
    expect(missing.status).toBe(404);
    const route = await app.request('/v1/nothing');
    expect(route.status).toBe(404);
    expect(((await route.json()) as ErrorBody).error.message).toMatch(/no route GET \/v1\/nothing/);
  });
});

describe('chat completions', () => {
  it('answers with the vote: OpenAI fields, the voted answer as content, usage over every path, the concord extension', async () => {
    const { post, model } = setup();
    const response = await post('/v1/chat/completions', chat('sc-4/mini'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body).toMatchObject({ object: 'chat.completion', model: 'sc-4/mini' });
    expect(typeof body.created).toBe('number');
    expect(body.choices).toHaveLength(1);
    expect(body.choices[0]).toMatchObject({ index: 0, message: { role: 'assistant', content: '15' }, finish_reason: 'stop', logprobs: null });
    expect(body.choices[0].message.reasoning_content).toMatch(/The answer is 15/);
    expect(body.concord).toMatchObject({ answer: '15', confidence: 0.75, votes: [{ answer: '15', count: 3 }, { answer: '17', count: 1 }] });
    expect(body.concord.paths).toHaveLength(4);
    const completionTokens = body.concord.paths.reduce((s: number, p: { tokens: number }) => s + p.tokens, 0);
    expect(body.usage.completion_tokens).toBe(completionTokens);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + completionTokens);
    expect(model.calls[0]).toMatchObject({ samples: 4, temperature: 0.7 });
  });

  it('the concord object picks the strategy and options; top-level sampling fields apply where the strategy takes them', async () => {
    const { post, model } = setup();
    const body = (await (await post('/v1/chat/completions', chat('mini', { temperature: 0.3, max_tokens: 50, concord: { strategy: 'sc', paths: 3, exemplars: 'concord-arithmetic' } }))).json()) as Record<string, any>;
    expect(body.concord.paths).toHaveLength(3);
    expect(model.calls[0]).toMatchObject({ samples: 3, temperature: 0.3, maxTokens: 50 });
    expect(model.calls[0]?.prompt).toMatch(/Tom has|pencils/);
    // A greedy strategy does not take a temperature: left out, and said so.
    const greedy = (await (await post('/v1/chat/completions', chat('cot/mini', { temperature: 0.9 }))).json()) as Record<string, any>;
    expect(model.calls[1]).toMatchObject({ samples: 1, temperature: 0 });
    expect(greedy.concord.warnings).toContain('temperature was ignored: strategy chain-of-thought does not take it');
  });

  it('request options never leak into the next request', async () => {
    const { post, model } = setup();
    await post('/v1/chat/completions', chat('mini', { temperature: 0.2, seed: 5, concord: { paths: 2, aggregation: 'weighted-mean' } }));
    await post('/v1/chat/completions', chat('mini'));
    expect(model.calls[0]).toMatchObject({ samples: 2, temperature: 0.2, seed: 5, logprobs: true });
    expect(model.calls[1]).toMatchObject({ samples: 8, temperature: 0.7, logprobs: false });
    expect(model.calls[1]?.seed).not.toBe(5);
  });

  it('n gives n independent results, each with its own seed, and usage counts them all', async () => {
    const { post, model } = setup();
    const body = (await (await post('/v1/chat/completions', chat('sc-2/mini', { n: 3, seed: 100 }))).json()) as Record<string, any>;
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
    expect(model.calls.map((c) => c.seed).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([100, 1124, 2148]);
    expect(body.concord.choices).toHaveLength(3);
    const perChoice = body.concord.choices.map((c: { usage: { output_tokens: number } }) => c.usage.output_tokens);
    expect(body.usage.completion_tokens).toBe(perChoice.reduce((a: number, b: number) => a + b, 0));
  });

  it('streams reasoning per path, then the answer as content, then usage and [DONE]', async () => {
    const { post } = setup();
    const response = await post('/v1/chat/completions', chat('sc-2/mini', { stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const data = await sseData(response);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1) as Record<string, any>[];
    expect(chunks[0]?.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]?.id)).toBe(true);
    const reasoning = chunks.filter((c) => c.choices[0]?.delta.reasoning_content !== undefined);
    expect(new Set(reasoning.map((c) => c.concord.path))).toEqual(new Set([0, 1]));
    const content = chunks.filter((c) => typeof c.choices[0]?.delta.content === 'string' && c.choices[0].delta.content !== '');
    expect(content.map((c) => c.choices[0].delta.content)).toEqual(['15']);
    expect(chunks.findIndex((c) => c === content[0])).toBeGreaterThan(chunks.findIndex((c) => c === reasoning.at(-1)));
    expect(chunks.find((c) => c.choices[0]?.finish_reason === 'stop')?.concord.event).toBe('end');
    const usage = chunks.at(-1) as Record<string, any>;
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });
});

describe('completions', () => {
  it('answers a prompt, whole and streamed', async () => {
    const { post } = setup();
    const body = (await (await post('/v1/completions', { model: 'sc-4/mini', prompt: QUESTION })).json()) as Record<string, any>;
    expect(body).toMatchObject({ object: 'text_completion', choices: [{ index: 0, text: '15', finish_reason: 'stop' }] });
    const data = await sseData(await post('/v1/completions', { model: 'cot/mini', prompt: QUESTION, stream: true }));
    const chunks = data.slice(0, -1) as Record<string, any>[];
    expect(chunks.some((c) => typeof c.concord?.reasoning === 'string')).toBe(true);
    expect(chunks.map((c) => c.choices[0].text).join('')).toBe('15');
    expect(data.at(-1)).toBe('[DONE]');
  });
});

describe('bad requests', () => {
  it('400 with the bad field path, OpenAI-shaped', async () => {
    const { post } = setup();
    const cases: [unknown, string | null, RegExp][] = [
      ['{"model": ', null, /not valid JSON/],
      ['', null, /empty/],
      [chat('mini', { concord: { paths: 0 } }), 'concord.paths', /expected number to be >=1/],
      [chat('mini', { concord: { pathz: 3 } }), 'concord', /Unrecognized key: "pathz"/],
      [chat('mini', { concord: { strategy: 'self-consistensy' } }), 'concord.strategy', /did you mean "self-consistency"/],
      [chat('mini', { concord: { exemplars: '/etc/passwd.json' } }), 'concord.exemplars', /files are not read/],
      [chat('mini', { concord: { exemplars: 'wei2022-coin-flip', answerType: 'number' } }), 'concord.answerType', /number does not fit the exemplars wei2022-coin-flip/],
      [{ model: 'mini', messages: [{ role: 'system', content: 'be nice' }] }, 'messages', /must hold a user message/],
      [{ model: 'mini', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'messages.0.content.0.type', /not supported/],
      [{ model: 'mini', messages: [] }, 'messages', /expected array to have >=1/],
      [{ messages: [{ role: 'user', content: QUESTION }] }, 'model', /expected string/],
      [chat('mini', { temperature: 3 }), 'temperature', /<=2/],
      [chat('mini', { n: 0 }), 'n', />=1/],
      [chat('mini', { tools: [{ type: 'function' }] }), 'tools', /tools are not supported/],
      [{ model: 'mini', prompt: ['a', 'b'] }, 'prompt', /one prompt per request/],
    ];
    for (const [body, param, message] of cases) {
      const isCompletion = typeof body === 'object' && body !== null && 'prompt' in body;
      const response = await post(isCompletion ? '/v1/completions' : '/v1/chat/completions', body);
      const json = (await response.json()) as ErrorBody;
      const error = json.error ?? { param: `no error: ${JSON.stringify(json).slice(0, 300)}`, type: "", message: "" };
      expect({ status: response.status, param: error.param, type: error.type }, JSON.stringify(body)).toEqual({ status: 400, param, type: 'invalid_request_error' });
      expect(error.message).toMatch(message);
    }
  });

  it('404 for a model this server does not serve, naming what it does serve', async () => {
    const { post } = setup();
    for (const model of ['gpt-4', 'zz/mini', 'sc-65/mini', 'sc-8/other']) {
      const response = await post('/v1/chat/completions', chat(model));
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({ code: 'model_not_found', param: 'model' });
    }
  });

  it('413 past the body limit', async () => {
    const { post } = setup({}, { bodyLimitBytes: 2048 });
    const response = await post('/v1/chat/completions', chat('mini', { user: 'x'.repeat(4096) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('body_too_large');
  });
});

describe('auth', () => {
  it('with --api-key, /v1 and /api need the bearer token; /health stays open', async () => {
    const { post, app } = setup({}, { apiKey: 'sekret' });
    const none = await post('/v1/chat/completions', chat('mini'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as ErrorBody).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect((await post('/v1/chat/completions', chat('mini'), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/api/options')).status).toBe(401);
    expect((await post('/v1/chat/completions', chat('mini'), { headers: { authorization: 'Bearer sekret' } })).status).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
  });
});

/** A model whose completions wait until `open()` (or until their signal fires): for limits and cancellation. */
class GatedModel implements LanguageModel {
  readonly provider = 'gated';
  readonly modelId = 'mini';
  readonly capabilities = { logprobs: false, maxParallelSequences: 16, contextSize: 4096, nativeMultiSample: true };
  readonly signals: AbortSignal[] = [];
  #open: (() => void) | undefined;
  #gate = new Promise<void>((resolve) => (this.#open = resolve));
  disposed = false;
  open(): void {
    this.#open?.();
  }
  async *generate(options: GenerateOptions): AsyncIterable<Completion> {
    const signal = options.signal as AbortSignal;
    this.signals.push(signal);
    await Promise.race([this.#gate, new Promise((_, reject) => signal.addEventListener('abort', () => reject(new AbortedError('gated', { cause: signal.reason })), { once: true }))]);
    for (let index = 0; index < (options.samples ?? 1); index++) {
      yield { index, text: ' The answer is 3.', outputTokens: 5, inputTokens: 1, finishReason: { unified: 'stop', raw: 'stop' }, warnings: [] };
    }
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('limits', () => {
  it('past the queue, 429 with Retry-After at once; the queued request runs when a slot frees', async () => {
    const model = new GatedModel();
    const { post, engine } = setup({ model, maxConcurrent: 1, queue: 1 });
    const running = post('/v1/chat/completions', chat('cot/mini'));
    await tick();
    const queued = post('/v1/chat/completions', chat('cot/mini'));
    await tick();
    expect({ running: engine.admission.running, queued: engine.admission.queued }).toEqual({ running: 1, queued: 1 });
    const refused = await post('/v1/chat/completions', chat('cot/mini'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as ErrorBody).error).toMatchObject({ type: 'rate_limit_error', code: 'server_busy' });
    model.open();
    expect((await running).status).toBe(200);
    expect((await queued).status).toBe(200);
    expect(engine.admission.running).toBe(0);
  });

  it('a request past the time-out is cancelled with a 504, and its slot freed', async () => {
    const model = new GatedModel();
    const { post, engine } = setup({ model, timeoutSeconds: 0.2 });
    const response = await post('/v1/chat/completions', chat('cot/mini'));
    expect(response.status).toBe(504);
    expect(((await response.json()) as ErrorBody).error.code).toBe('request_timeout');
    expect(model.signals[0]?.aborted).toBe(true);
    expect(engine.admission.running).toBe(0);
  });

  it('a client that disconnects cancels its generation and frees its slot, streaming or not', async () => {
    for (const stream of [false, true]) {
      const model = new GatedModel();
      const { post, engine } = setup({ model });
      const client = new AbortController();
      const pending = post('/v1/chat/completions', chat('sc-4/mini', { stream }), { signal: client.signal }).then(async (r) => {
        await r.text().catch(() => undefined);
        return r;
      }).catch((error: unknown) => error);
      await tick(50);
      expect(engine.admission.running).toBe(1);
      client.abort();
      await pending;
      await tick(50);
      expect(model.signals[0]?.aborted, `stream ${stream}`).toBe(true);
      expect(engine.admission.running).toBe(0);
    }
  });

  it('shutdown refuses queued requests with 503, lets the running one finish, then disposes the model', async () => {
    const model = new GatedModel();
    const { post, engine } = setup({ model, maxConcurrent: 1, queue: 4 });
    const running = post('/v1/chat/completions', chat('cot/mini'));
    await tick();
    const queued = post('/v1/chat/completions', chat('cot/mini'));
    await tick();
    const closed = engine.close(5);
    expect((await queued).status).toBe(503);
    expect(model.disposed).toBe(false);
    model.open();
    expect((await running).status).toBe(200);
    await closed;
    expect(model.disposed).toBe(true);
    expect((await post('/v1/chat/completions', chat('cot/mini'))).status).toBe(503);
  });
});

describe('successor strategies by model name', () => {
  it('usc-<k>/, l2m/ and pal/ resolve; a free-form question on the bare name is answered by universal self-consistency', async () => {
    const { app, post } = setup();
    const list = (await (await app.request('/v1/models')).json()) as { data: { id: string; concord: { strategy: string } }[] };
    const byId = new Map(list.data.map((m) => [m.id, m.concord.strategy]));
    expect(byId.get('usc-8/mini')).toBe('universal-self-consistency');
    expect(byId.get('l2m/mini')).toBe('least-to-most');
    expect(byId.get('pal/mini')).toBe('program-aided');
    const settingsOf = async (model: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
      ((await (await post('/v1/chat/completions', chat(model, extra))).json()) as { concord: { settings: Record<string, unknown> } }).concord.settings;
    expect((await settingsOf('usc-4/mini')).strategy).toBe('universal-self-consistency');
    expect((await settingsOf('mini', { concord: { answerType: 'text' } })).strategy).toBe('universal-self-consistency');
    expect((await settingsOf('mini')).strategy).toBe('self-consistency');
    expect((await settingsOf('sc-4/mini', { concord: { answerType: 'text' } })).strategy).toBe('self-consistency');
  });
});

describe('program-aided requests', () => {
  it('a program spinning to its time limit leaves the server answering other requests', async () => {
    const spinning = new MockLanguageModel({ modelId: 'mini', respond: () => '  while (true) {}\n' });
    const { app, post } = setup({ model: spinning });
    const started = performance.now();
    const request = post('/v1/chat/completions', chat('pal/mini'));
    // The program runs on the sandbox's worker thread: /health answers while it spins.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await app.request('/health');
    const healthAt = performance.now() - started;
    expect(health.status).toBe(200);
    expect(((await health.json()) as { running: number }).running).toBe(1);
    const body = (await (await request).json()) as { choices: { message: { content: string } }[]; concord: { warnings: string[] } };
    expect(healthAt).toBeLessThan(900);
    // The program's default time limit is 1 s: the answer came after it, the health check long before.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(body.concord.warnings.join('\n')).toMatch(/time limit of 1000 ms/);
  });
});
