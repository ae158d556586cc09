/**
 * The OpenAI-compatible API: `/models`, `/chat/completions` and `/completions` (mounted under `/v1`). A request
 * is validated and prepared in full before anything runs (400/404), then admitted (429 when the queue is full),
 * then answered whole or streamed as server-sent events while its paths are sampled.
 */
import { randomInt } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Completion } from '../spec/model.js';
import type { ReasoningEvent, ReasoningResult } from '../spec/result.js';
import { InvalidArgumentError, NoSuchModelError, type ArgumentIssue } from '../spec/errors/index.js';
import { issuesFromZod } from '../util/zod-issues.js';
import type { Engine, PreparedRequest, ReasoningRequest } from './engine.js';
import { toHttpError } from './http-errors.js';
import {
  chatCompletionRequestSchema,
  completionRequestSchema,
  type ChatCompletionRequest,
  type CompletionRequest,
  type ConcordRequest,
} from './openai-schema.js';
import {
  answerText,
  chunk,
  completionResponse,
  concordExtension,
  finishReason,
  responseId,
  streamedLogprobs,
  usageChunk,
  usageOf,
  type ChoiceOutcome,
  type Endpoint,
  type ResponseMeta,
} from './openai-response.js';
import { readJsonBody } from './read-body.js';

/** Seeds of the n choices of one request are this far apart, as an evaluation's items are. */
const CHOICE_SEED_STRIDE = 1024;
/** The stream's last data line, sent as is (not as JSON), as OpenAI does. */
const DONE = '[DONE]';

export function openaiRoutes(engine: Engine): Hono {
  const app = new Hono();
  const created = Math.floor(engine.startedAt.getTime() / 1000);
  const modelObject = (m: ReturnType<Engine['servedModels']>[number]): Record<string, unknown> => ({
    id: m.id,
    object: 'model',
    created,
    owned_by: 'concord',
    concord: { strategy: m.strategy, options: m.options },
  });
  app.get('/models', (c) => c.json({ object: 'list', data: engine.servedModels().map(modelObject) }));
  app.get('/models/:id{.+}', (c) => {
    const found = engine.servedModels().find((m) => m.id === c.req.param('id'));
    if (found === undefined) throw new NoSuchModelError(c.req.param('id'), 'GET /v1/models lists the models served here');
    return c.json(modelObject(found));
  });
  app.post('/chat/completions', (c) => respond(c, engine, 'chat'));
  app.post('/completions', (c) => respond(c, engine, 'completions'));
  return app;
}

interface ParsedRequest {
  readonly meta: ResponseMeta;
  readonly prepared: readonly PreparedRequest[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
}

async function respond(c: Context, engine: Engine, endpoint: Endpoint): Promise<Response> {
  engine.admission.throwIfFull();
  const parsed = await parseRequest(c, engine, endpoint);
  const release = await engine.admit(c.req.raw.signal);
  if (!parsed.stream) {
    try {
      const outcomes = await Promise.all(parsed.prepared.map((p) => collect(engine.stream(p, c.req.raw.signal), p.warnings)));
      return c.json(completionResponse(endpoint, parsed.meta, outcomes));
    } finally {
      release();
    }
  }
  return streamSSE(c, async (sse) => {
    const cancel = new AbortController();
    sse.onAbort(() => cancel.abort(new Error('client disconnected')));
    const onRequestAbort = (): void => cancel.abort(c.req.raw.signal.reason);
    c.req.raw.signal.addEventListener('abort', onRequestAbort, { once: true });
    // Writes from the n choices interleave; one chain keeps each chunk whole and in order.
    let writing = Promise.resolve();
    const send = (data: unknown): Promise<void> => (writing = writing.then(() => sse.writeSSE({ data: data === DONE ? DONE : JSON.stringify(data) })));
    try {
      const outcomes = await Promise.all(
        parsed.prepared.map((prepared, choice) => streamChoice(engine, prepared, choice, parsed, endpoint, send, cancel.signal)),
      );
      if (parsed.includeUsage) await send(usageChunk(parsed.meta, endpoint, usageOf(outcomes)));
      await send(DONE);
    } catch (error) {
      if (!cancel.signal.aborted) await send(toHttpError(error).body);
    } finally {
      c.req.raw.signal.removeEventListener('abort', onRequestAbort);
      cancel.abort(new Error('response ended'));
      release();
      await writing.catch(() => undefined);
    }
  });
}

/** One choice streamed: its role chunk, each path's text as reasoning, path ends, then the answer as content. */
async function streamChoice(
  engine: Engine,
  prepared: PreparedRequest,
  choice: number,
  parsed: ParsedRequest,
  endpoint: Endpoint,
  send: (data: unknown) => Promise<void>,
  signal: AbortSignal,
): Promise<ChoiceOutcome> {
  const { meta, includeUsage } = parsed;
  const usageField = { withUsageField: includeUsage };
  if (endpoint === 'chat') void send(chunk(meta, endpoint, choice, { role: 'assistant', content: '' }, usageField));
  const completions = new Map<number, Completion>();
  let result: ReasoningResult | undefined;
  for await (const event of engine.stream(prepared, signal)) {
    if (event.type === 'text-delta') {
      // Completions have no reasoning field: the reasoning rides in the extension and `text` stays the answer's.
      const delta = endpoint === 'chat' ? { reasoning_content: event.delta } : {};
      void send(chunk(meta, endpoint, choice, delta, { ...usageField, concord: { path: event.index, ...(endpoint === 'chat' ? {} : { reasoning: event.delta }) } }));
    } else if (event.type === 'path-end') {
      completions.set(event.path.index, event.completion);
      const { index, answer, tokens } = event.path;
      void send(chunk(meta, endpoint, choice, {}, { ...usageField, concord: { event: 'path-end', path: { index, answer, tokens, finish_reason: event.path.finishReason.unified } } }));
    } else if (event.type === 'end') {
      result = event.result;
    }
  }
  if (result === undefined) throw new Error(`strategy ${prepared.strategy.name} ended without a result`);
  const outcome: ChoiceOutcome = { result, completions, warnings: prepared.warnings };
  const logprobs = parsed.meta.logprobs ? streamedLogprobs(outcome, endpoint) : null;
  void send(chunk(meta, endpoint, choice, { content: answerText(result) }, { ...usageField, logprobs, concord: { event: 'vote-end', answer: result.answer, confidence: result.confidence, votes: result.votes } }));
  const { paths: _paths, ...summary } = concordExtension(outcome);
  await send(chunk(meta, endpoint, choice, {}, { ...usageField, finishReason: finishReason(result), concord: { event: 'end', ...summary } }));
  return outcome;
}

async function collect(events: AsyncIterable<ReasoningEvent>, warnings: readonly string[]): Promise<ChoiceOutcome> {
  const completions = new Map<number, Completion>();
  let result: ReasoningResult | undefined;
  for await (const event of events) {
    if (event.type === 'path-end') completions.set(event.path.index, event.completion);
    else if (event.type === 'end') result = event.result;
  }
  if (result === undefined) throw new Error('strategy ended without a result');
  return { result, completions, warnings };
}

async function parseRequest(c: Context, engine: Engine, endpoint: Endpoint): Promise<ParsedRequest> {
  const raw = await readJsonBody(c);
  const schema = endpoint === 'chat' ? chatCompletionRequestSchema : completionRequestSchema;
  const checked = schema.safeParse(raw);
  if (!checked.success) throw new InvalidArgumentError(issuesFromZod(checked.error.issues));
  const body = checked.data as ChatCompletionRequest | CompletionRequest;
  const { text, warnings } = endpoint === 'chat' ? chatQuestion(body as ChatCompletionRequest) : { text: completionPrompt(body as CompletionRequest), warnings: [] };
  const concord: ConcordRequest = body.concord ?? {};
  const { strategy, answerType, choices, ...options } = concord;
  const wantsLogprobs = endpoint === 'chat' ? (body as ChatCompletionRequest).logprobs === true : ((body as CompletionRequest).logprobs ?? 0) > 0;
  const maxTokens = body.max_tokens ?? (endpoint === 'chat' ? (body as ChatCompletionRequest).max_completion_tokens : undefined);
  const n = body.n ?? 1;
  const seed = body.seed ?? randomInt(0, 2 ** 31 - 1 - n * CHOICE_SEED_STRIDE);
  const request: ReasoningRequest = {
    question: { text, ...(answerType === undefined ? {} : { answerType }), ...(choices === undefined ? {} : { choices: choices.map((l) => l.toUpperCase()) }) },
    model: body.model,
    ...(strategy === undefined ? {} : { strategy }),
    options,
    optionsPath: ['concord'],
    ifApplicable: {
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      maxTokens: maxTokens ?? undefined,
      stop: body.stop === null || body.stop === undefined ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop,
      logprobs: wantsLogprobs ? true : undefined,
    },
  };
  const prepared = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const one = await engine.prepare({ ...request, seed: seed + i * CHOICE_SEED_STRIDE });
      return { ...one, warnings: [...warnings, ...one.warnings] };
    }),
  );
  return {
    meta: { id: responseId(endpoint), created: Math.floor(Date.now() / 1000), model: body.model, logprobs: wantsLogprobs },
    prepared,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
  };
}

/** The question is the last user message; earlier turns and system prompts cannot enter an exemplar prompt. */
function chatQuestion(body: ChatCompletionRequest): { text: string; warnings: string[] } {
  const at = body.messages.findLastIndex((m) => m.role === 'user');
  if (at < 0) throw new InvalidArgumentError([{ path: ['messages'], message: 'must hold a user message: its text is the question' }]);
  const message = body.messages[at] as ChatCompletionRequest['messages'][number];
  const content = message.content;
  const issues: ArgumentIssue[] = [];
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    content.forEach((part, j) => {
      if (part.type === 'text' && 'text' in part && typeof part.text === 'string') text += (text === '' ? '' : '\n') + part.text;
      else issues.push({ path: ['messages', at, 'content', j, 'type'], message: `content part "${part.type}" is not supported; send text` });
    });
  }
  if (issues.length === 0 && text.trim() === '') issues.push({ path: ['messages', at, 'content'], message: 'must be the question: non-empty text' });
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  const others = body.messages.length - 1;
  const warnings = others > 0 ? [`only the last user message is answered; ${others} other message${others === 1 ? ' was' : 's were'} not used`] : [];
  return { text, warnings };
}

function completionPrompt(body: CompletionRequest): string {
  if (Array.isArray(body.prompt) && body.prompt.length !== 1) {
    throw new InvalidArgumentError([{ path: ['prompt'], message: `one prompt per request (got ${body.prompt.length}); send several requests or use n` }]);
  }
  const prompt = typeof body.prompt === 'string' ? body.prompt : (body.prompt[0] as string);
  if (prompt.trim() === '') throw new InvalidArgumentError([{ path: ['prompt'], message: 'must be the question: non-empty text' }]);
  return prompt;
}
