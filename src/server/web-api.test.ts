import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore, type FinishedItem, type RunConfig } from '../eval/index.js';
import { AbortedError } from '../spec/errors/index.js';
import type { Completion, GenerateOptions, LanguageModel } from '../spec/model.js';
import type { ReasoningPath } from '../spec/result.js';
import { strategies } from '../strategies/index.js';
import { MockLanguageModel } from '../test/index.js';
import { Engine } from './engine.js';
import { toHttpError } from './http-errors.js';
import { webApi, type RunDetail, type RunListRow, type WebOptions } from './web-api.js';

const dir = mkdtempSync(path.join(tmpdir(), 'concord-web-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';

/** Six of eight paths say 15, one 17, one nothing: a vote with a winner, a loser and an abstention. */
function pencilModel(): MockLanguageModel {
  return new MockLanguageModel({
    modelId: 'mini',
    respond: (_options, sample) =>
      sample === 3 ? ' 12 + 7 = 19. 19 - 4 = 17. The answer is 17.' : sample === 5 ? ' I am not sure.' : ' 12 + 7 = 19. 19 - 4 = 15. The answer is 15.',
  });
}

function appFor(engine: Engine): Hono {
  const app = new Hono().route('/api', webApi(engine));
  app.onError((error) => {
    const http = toHttpError(error);
    return new Response(JSON.stringify(http.body), { status: http.status, headers: { ...http.headers, 'content-type': 'application/json' } });
  });
  return app;
}

interface SSEMessage {
  readonly event: string;
  readonly data: unknown;
}

function parseSSE(text: string): SSEMessage[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

const ask = (app: Hono, body: unknown, init: RequestInit = {}): Promise<Response> =>
  Promise.resolve(app.request('/api/ask', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...init }));

describe('GET /api/options', () => {
  it('lists the served names, strategies, exemplar sets, answer types and defaults', async () => {
    const app = appFor(new Engine({ model: pencilModel() }));
    const response = await app.request('/api/options');
    expect(response.status).toBe(200);
    const options = (await response.json()) as WebOptions;
    expect(options.model).toBe('mini');
    expect(options.models).toContain('sc-8/mini');
    expect(options.models[0]).toBe('mini');
    expect(options.strategies.map((s) => s.name)).toEqual(strategies.map((s) => s.name));
    expect(options.strategies.map((s) => s.name)).toEqual(expect.arrayContaining(['direct', 'chain-of-thought', 'zero-shot-cot', 'self-consistency']));
    expect(options.strategies.find((s) => s.name === 'self-consistency')?.aliases).toEqual(['sc']);
    expect(options.exemplarSets).toContain('concord-arithmetic');
    expect(options.answerTypes).toEqual(['auto', 'number', 'choice', 'yes-no', 'text', 'math']);
    expect(options.defaults).toEqual({ strategy: 'self-consistency', paths: 8 });
  });
});

describe('POST /api/ask', () => {
  it('streams path-start, text-delta and path-end per path, then the vote and the result', async () => {
    const engine = new Engine({ model: pencilModel() });
    const response = await ask(appFor(engine), { question: QUESTION, strategy: 'sc', paths: 8, exemplars: 'concord-arithmetic' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const messages = parseSSE(await response.text());
    for (const message of messages) expect((message.data as { type: string }).type).toBe(message.event);
    const kinds = messages.map((m) => m.event);
    expect(kinds.filter((k) => k === 'path-start')).toHaveLength(8);
    expect(kinds.filter((k) => k === 'path-end')).toHaveLength(8);
    expect(kinds.slice(-2)).toEqual(['vote-end', 'end']);
    // Every path starts before its text and ends after it.
    for (let index = 0; index < 8; index++) {
      const at = (kind: string): number => messages.findIndex((m) => m.event === kind && ((m.data as { index?: number; path?: { index: number } }).index ?? (m.data as { path?: { index: number } }).path?.index) === index);
      expect(at('path-start')).toBeLessThan(at('text-delta'));
      expect(at('text-delta')).toBeLessThan(at('path-end'));
    }
    const answers = messages.filter((m) => m.event === 'path-end').map((m) => (m.data as { path: ReasoningPath }).path.answer);
    expect(answers.sort()).toEqual(['15', '15', '15', '15', '15', '15', '17', null].sort());
    const vote = messages.at(-2)?.data as { answer: string; confidence: number; votes: { answer: string; count: number }[] };
    expect(vote.answer).toBe('15');
    expect(vote.confidence).toBeCloseTo(6 / 7);
    expect(vote.votes.map((v) => [v.answer, v.count])).toEqual([['15', 6], ['17', 1]]);
    const end = messages.at(-1)?.data as { result: { answer: string; settings: Record<string, unknown> } };
    expect(end.result.answer).toBe('15');
    expect(end.result.settings.paths).toBe(8);
    expect(engine.admission.running).toBe(0);
  });

  it('runs a greedy strategy with a paths field, sending a warning first that paths was ignored', async () => {
    const response = await ask(appFor(new Engine({ model: pencilModel() })), { question: QUESTION, strategy: 'cot', paths: 4, temperature: 0.5 });
    expect(response.status).toBe(200);
    const messages = parseSSE(await response.text());
    expect(messages[0]?.event).toBe('warnings');
    expect(messages[0]?.data).toEqual(['paths was ignored: strategy chain-of-thought does not take it', 'temperature was ignored: strategy chain-of-thought does not take it']);
    expect(messages.filter((m) => m.event === 'path-end')).toHaveLength(1);
    expect(messages.at(-1)?.event).toBe('end');
  });

  it('takes the strategy from a served name like sc-4/mini', async () => {
    const messages = parseSSE(await (await ask(appFor(new Engine({ model: pencilModel() })), { question: QUESTION, model: 'sc-4/mini' })).text());
    expect(messages.filter((m) => m.event === 'path-end')).toHaveLength(4);
  });

  it.each([
    [{ question: QUESTION, paths: 0 }, 'paths'],
    [{ question: QUESTION, paths: 65 }, 'paths'],
    [{ question: QUESTION, colour: 'blue' }, 'colour'],
    [{ paths: 8 }, 'question'],
    [{ question: '   ' }, 'question'],
    [{ question: QUESTION, answerType: 'essay' }, 'answerType'],
    [{ question: QUESTION, strategy: 'tree-of-thought' }, 'strategy'],
    [{ question: QUESTION, exemplars: 'no-such-set' }, 'exemplars'],
  ])('answers %j with a 400 naming %s', async (body, param) => {
    const response = await ask(appFor(new Engine({ model: pencilModel() })), body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { param: string; type: string; message: string } }).error;
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe(param);
  });

  it('answers a body that is not JSON with a 400', async () => {
    const response = await appFor(new Engine({ model: pencilModel() })).request('/api/ask', { method: 'POST', body: '{question', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
  });

  it('answers an unknown model with a 404', async () => {
    const response = await ask(appFor(new Engine({ model: pencilModel() })), { question: QUESTION, model: 'gpt-5' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
  });

  it('answers 429 before the stream when every slot and queue place is taken', async () => {
    const engine = new Engine({ model: pencilModel(), maxConcurrent: 1, queue: 0 });
    const held = await engine.admit();
    try {
      const response = await ask(appFor(engine), { question: QUESTION });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      held();
    }
  });

  it('cancels the generation and frees the slot when the client goes away', async () => {
    const model = new HangingModel();
    const engine = new Engine({ model });
    const client = new AbortController();
    const response = await ask(appFor(engine), { question: QUESTION, strategy: 'cot' }, { signal: client.signal });
    expect(response.status).toBe(200);
    await until(() => model.signals.length === 1);
    expect(engine.admission.running).toBe(1);
    client.abort();
    await until(() => engine.admission.running === 0);
    expect(model.signals[0]?.aborted).toBe(true);
  });

  it('ends the stream with an error event when the model fails after the stream began', async () => {
    const model = new MockLanguageModel({ respond: () => { throw new Error('the model fell over'); } });
    const messages = parseSSE(await (await ask(appFor(new Engine({ model })), { question: QUESTION, strategy: 'cot' })).text());
    const last = messages.at(-1);
    expect(last?.event).toBe('error');
    expect((last?.data as { error: { message: string } }).error.message).toContain('the model fell over');
  });
});

describe('GET /api/runs', () => {
  const store = path.join(dir, 'runs.sqlite');
  let runId = '';
  {
    using writer = new RunStore(store);
    runId = writer.createRun({ config: runConfig(), itemCount: 3 }).id;
    writer.recordItem(runId, finishedItem('a', 0, ['4', '4'], true));
    writer.recordItem(runId, finishedItem('b', 1, ['4', '5'], false));
    writer.finishRun(runId);
  }

  it('lists the runs of the store without their configuration, with accuracy', async () => {
    const response = await appFor(new Engine({ model: pencilModel(), store })).request('/api/runs');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { store: string; runs: (RunListRow & { config?: unknown })[] };
    expect(body.store).toBe(store);
    expect(body.runs).toHaveLength(1);
    const [run] = body.runs;
    expect(run).toMatchObject({ id: runId, status: 'done', task: 'arithmetic', split: 'in', strategy: 'self-consistency', itemCount: 3, finishedItems: 2, accuracy: 0.5 });
    expect(run?.config).toBeUndefined();
  });

  it('gives a run with its Markdown tables, metrics and three SVG plots, without secrets', async () => {
    const response = await appFor(new Engine({ model: pencilModel(), store })).request(`/api/runs/${runId}`);
    expect(response.status).toBe(200);
    const detail = (await response.json()) as RunDetail;
    expect(detail.run.id).toBe(runId);
    expect(detail.run.config.model.options).toEqual({ model: 'mini.gguf' });
    expect(detail.markdown).toContain('## arithmetic · self-consistency · mock/mini');
    expect(detail.markdown).toContain('| maj@k |');
    expect(detail.metrics.accuracy).toBe(0.5);
    for (const svg of Object.values(detail.plots)) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(Object.keys(detail.plots)).toEqual(['accuracyVsPaths', 'accuracyVsTokens', 'calibration']);
  });

  it('answers an unknown run with a 404', async () => {
    const response = await appFor(new Engine({ model: pencilModel(), store })).request('/api/runs/run-nope');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('unknown run "run-nope"');
  });

  it('lists no runs (not an error) without a store or with a missing file, and creates no file', async () => {
    const none = await appFor(new Engine({ model: pencilModel() })).request('/api/runs');
    expect(await none.json()).toEqual({ store: null, runs: [] });
    const missing = path.join(dir, 'nothing-here', 'runs.sqlite');
    const absent = await appFor(new Engine({ model: pencilModel(), store: missing })).request('/api/runs');
    expect(await absent.json()).toEqual({ store: missing, runs: [] });
    expect((await appFor(new Engine({ model: pencilModel(), store: missing })).request(`/api/runs/${runId}`)).status).toBe(404);
  });
});

function runConfig(): RunConfig {
  return {
    task: 'arithmetic',
    split: 'in',
    limit: 3,
    strategy: 'self-consistency',
    strategyOptions: { paths: 2 },
    resolvedStrategyOptions: { paths: 2, temperature: 0.7 },
    model: { provider: 'mock', modelId: 'mini', options: { model: 'mini.gguf', apiKey: 'sk-do-not-show' } },
    seed: 0,
    dataSeed: null,
    dataDir: '/data',
    skipBadRecords: false,
  };
}

function finishedItem(id: string, position: number, answers: readonly string[], correct: boolean): FinishedItem {
  return {
    id,
    position,
    question: `question ${id}`,
    gold: '4',
    spec: { type: 'number' },
    voted: answers[0] ?? null,
    correct,
    confidence: 0.5,
    seconds: 0.5,
    inputTokens: 10,
    outputTokens: 12,
    paths: answers.map((answer, index) => ({ index, text: `The answer is ${answer}.`, answer, rule: 'answer-phrase', tokens: 6, finishReason: { unified: 'stop', raw: 'eos' } })),
  };
}

/** A model whose generation never ends until its signal fires: it shows whether the signal reaches it. */
class HangingModel implements LanguageModel {
  readonly provider = 'mock';
  readonly modelId = 'mini';
  readonly capabilities = { logprobs: false, maxParallelSequences: 1, contextSize: 4096, nativeMultiSample: true };
  readonly signals: AbortSignal[] = [];

  async *generate(options: GenerateOptions): AsyncIterable<Completion> {
    const signal = options.signal ?? new AbortController().signal;
    this.signals.push(signal);
    await new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new AbortedError('HangingModel.generate')), { once: true }));
    yield* [];
  }

  async dispose(): Promise<void> {}
  async [Symbol.asyncDispose](): Promise<void> {}
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
