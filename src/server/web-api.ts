/**
 * The web page's API, mounted at `/api`: the choices the ask form offers, one question answered as a server-sent
 * event stream of the same ReasoningEvents the CLI renders, and the evaluation runs of the run store with their
 * tables and plots. Errors are thrown and mapped by the app's `onError` (toHttpError) like the OpenAI routes'.
 */
import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { renderPlots, resolveStorePath, runMarkdown, runSummary, RunStore, type Metrics, type RunInfo, type RunSummary, type ScoredItem } from '../eval/index.js';
import { exemplarSetIds, zodIssues } from '../prompts/index.js';
import { AbortedError, InvalidArgumentError } from '../spec/errors/index.js';
import { strategies } from '../strategies/index.js';
import type { Engine, ReasoningRequest } from './engine.js';
import { toHttpError } from './http-errors.js';
import { readJsonBody } from './read-body.js';

export const ANSWER_TYPES = ['auto', 'number', 'choice', 'yes-no', 'text', 'math'] as const;
/** What the form offers for paths when nothing else is said; the engine's default name implies its own. */
const DEFAULT_PATHS = 8;

export const askRequestSchema = z.strictObject({
  question: z.string().trim().min(1, 'must not be empty'),
  model: z.string().min(1).optional(),
  strategy: z.string().min(1).optional(),
  paths: z.int().min(1).max(64).optional(),
  temperature: z.number().min(0).max(2).optional(),
  answerType: z.enum(ANSWER_TYPES).optional(),
  exemplars: z.string().min(1).optional(),
});
export type AskRequest = z.output<typeof askRequestSchema>;

export interface WebOptions {
  readonly model: string;
  readonly models: readonly string[];
  readonly strategies: readonly { readonly name: string; readonly aliases: readonly string[]; readonly description: string }[];
  readonly exemplarSets: readonly string[];
  readonly answerTypes: readonly (typeof ANSWER_TYPES)[number][];
  readonly defaults: { readonly strategy: string; readonly paths: number };
}

/** A run as the runs table lists it: no configuration, plus its accuracy so far (null before any item). */
export type RunListRow = Omit<RunInfo, 'config'> & { readonly accuracy: number | null };

export interface RunDetail {
  readonly run: RunInfo;
  readonly markdown: string;
  readonly metrics: Metrics;
  readonly plots: { readonly accuracyVsPaths: string; readonly accuracyVsTokens: string; readonly calibration: string };
}

export function webApi(engine: Engine): Hono {
  const api = new Hono();

  api.get('/options', (c) => {
    const options: WebOptions = {
      model: engine.modelName,
      models: engine.servedModels().map((m) => m.id),
      strategies: strategies.map((s) => ({ name: s.name, aliases: s.aliases, description: s.description })),
      exemplarSets: exemplarSetIds,
      answerTypes: ANSWER_TYPES,
      defaults: { strategy: engine.defaultStrategy.strategy, paths: DEFAULT_PATHS },
    };
    return c.json(options);
  });

  api.post('/ask', async (c) => {
    engine.admission.throwIfFull();
    const body = askRequestSchema.safeParse(await readJsonBody(c));
    if (!body.success) throw new InvalidArgumentError(zodIssues(body.error));
    // Everything that can be a 400/404 is checked before the 200 of the stream is sent.
    const prepared = await engine.prepare(reasoningRequest(body.data));
    const release = await engine.admit(c.req.raw.signal);
    try {
      return streamSSE(c, async (stream) => {
        const cancel = new AbortController();
        const stop = (): void => cancel.abort(new AbortedError('the web page request (the client went away)'));
        stream.onAbort(stop);
        if (c.req.raw.signal.aborted) stop();
        else c.req.raw.signal.addEventListener('abort', stop, { once: true });
        try {
          if (prepared.warnings.length > 0) await stream.writeSSE({ event: 'warnings', data: JSON.stringify(prepared.warnings) });
          for await (const event of engine.stream(prepared, cancel.signal)) {
            await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          }
        } catch (error) {
          // The 200 is gone: the failure becomes the stream's last event, unless the client left and nobody reads it.
          if (!cancel.signal.aborted) await stream.writeSSE({ event: 'error', data: JSON.stringify(toHttpError(error).body) });
        } finally {
          c.req.raw.signal.removeEventListener('abort', stop);
          release();
        }
      });
    } catch (error) {
      release();
      throw error;
    }
  });

  api.get('/runs', (c) => {
    const file = storeFile(engine);
    if (file === undefined || !existsSync(file)) return c.json({ store: file ?? null, runs: [] as RunListRow[] });
    using store = new RunStore(file, { mustExist: true });
    const runs: RunListRow[] = store.listRuns().map(({ config: _config, ...run }) => ({ ...run, accuracy: accuracy(store.scoredItems(run.id)) }));
    return c.json({ store: file, runs });
  });

  api.get('/runs/:id', async (c) => {
    const id = c.req.param('id');
    const file = storeFile(engine);
    if (file === undefined || !existsSync(file)) throw new HTTPException(404, { message: `unknown run "${id}": the server has no run store` });
    const { run, summary } = readRun(file, id);
    // Rendered after the store is closed: Vega takes a while and needs no file.
    const plots = await renderPlots([summary]);
    const detail: RunDetail = {
      run,
      markdown: runMarkdown(summary),
      metrics: summary.metrics,
      plots: {
        accuracyVsPaths: plots['maj-at-k.svg'] ?? '',
        accuracyVsTokens: plots['accuracy-vs-tokens.svg'] ?? '',
        calibration: plots['calibration.svg'] ?? '',
      },
    };
    return c.json(detail);
  });

  return api;
}

/** The engine's request: `paths` and `temperature` only where the strategy samples, so `cot` with a paths field runs. */
export function reasoningRequest(ask: AskRequest): ReasoningRequest {
  const options = ask.exemplars === undefined ? {} : { exemplars: ask.exemplars };
  const ifApplicable = {
    ...(ask.paths === undefined ? {} : { paths: ask.paths }),
    ...(ask.temperature === undefined ? {} : { temperature: ask.temperature }),
  };
  return {
    question: { text: ask.question, ...(ask.answerType === undefined ? {} : { answerType: ask.answerType }) },
    ...(ask.model === undefined ? {} : { model: ask.model }),
    ...(ask.strategy === undefined ? {} : { strategy: ask.strategy }),
    options,
    optionsPath: [],
    ifApplicable,
  };
}

function storeFile(engine: Engine): string | undefined {
  return engine.store === undefined ? undefined : resolveStorePath(engine.store);
}

/** The share of finished items answered right, as computeMetrics counts it, without its maj@k work. */
function accuracy(items: readonly ScoredItem[]): number | null {
  return items.length === 0 ? null : items.filter((item) => item.correct).length / items.length;
}

function readRun(file: string, id: string): { run: RunInfo; summary: RunSummary } {
  using store = new RunStore(file, { mustExist: true });
  let run: RunInfo;
  try {
    run = store.getRun(id);
  } catch (error) {
    // getRun's message names the closest ids; here it is a 404, not a bad argument.
    if (error instanceof InvalidArgumentError) throw new HTTPException(404, { message: error.message, cause: error });
    throw error;
  }
  const summary = runSummary({ task: run.task, strategy: run.strategy, model: run.model, items: store.scoredItems(id) });
  return { run: withoutSecrets(run), summary };
}

const SECRET_KEY = /(api[-_]?key|secret|password|authorization|bearer|token)$/i;

/** The CLI never records an API key, but a run written by other code might: the page does not show one. */
function withoutSecrets(run: RunInfo): RunInfo {
  const options = Object.fromEntries(Object.entries(run.config.model.options).filter(([key]) => !SECRET_KEY.test(key)));
  return { ...run, config: { ...run.config, model: { ...run.config.model, options } } };
}
