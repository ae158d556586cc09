/**
 * The server's `/api` as the page sees it: the wire types (the stream's events are the library's own
 * ReasoningEvents) and the calls. Errors come back OpenAI-shaped, `{ error: { message, param } }`.
 */
import type { ReasoningEvent, ReasoningPath, ReasoningResult } from '../../src/spec/result.js';
import { readServerSentEvents } from './sse.js';

export type { ReasoningEvent, ReasoningPath, ReasoningResult };
export type VoteRow = Extract<ReasoningEvent, { type: 'vote-end' }>['votes'][number];

export interface StrategyInfo {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
}

export interface WebOptions {
  readonly model: string;
  readonly models: readonly string[];
  readonly strategies: readonly StrategyInfo[];
  readonly exemplarSets: readonly string[];
  readonly answerTypes: readonly string[];
  readonly defaults: { readonly strategy: string; readonly paths: number };
}

export interface AskBody {
  question: string;
  model?: string;
  strategy?: string;
  paths?: number;
  answerType?: string;
  exemplars?: string;
}

export interface RunRow {
  readonly id: string;
  readonly createdAt: string;
  readonly task: string;
  readonly split: string | null;
  readonly strategy: string;
  readonly model: string;
  readonly status: 'running' | 'done' | 'stopped';
  /** The process writing the run now; null for a `running` run means it was killed and can be resumed. */
  readonly writer: { readonly pid: number; readonly host: string; readonly heartbeatAt: string } | null;
  readonly itemCount: number;
  readonly finishedItems: number;
  readonly failedItems: number;
  readonly concordVersion: string;
  readonly gitCommit: string | null;
  readonly accuracy: number | null;
}

/** The status to show: a `running` run nobody writes any more was interrupted. */
export function shownStatus(run: Pick<RunRow, 'status' | 'writer'>): string {
  return run.status === 'running' && run.writer === null ? 'interrupted' : run.status;
}

export interface RunDetail {
  readonly run: RunRow & { readonly config: Readonly<Record<string, unknown>> };
  readonly markdown: string;
  readonly plots: { readonly accuracyVsPaths: string; readonly accuracyVsTokens: string; readonly calibration: string };
}

/** A failed call: the server's message, and the request field to blame where there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly param: string | null;
  constructor(message: string, status: number, param: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.param = param;
  }
}

/** A stream event: a ReasoningEvent, the request's warnings first, or a failure after the stream began. */
export type AskEvent =
  | ReasoningEvent
  | { readonly type: 'warnings'; readonly warnings: readonly string[] }
  | { readonly type: 'error'; readonly error: ApiError };

const API_KEY_ITEM = 'concord-api-key';

/** A server started with --api-key wants it on /api too; the page keeps the one the user typed for the tab. */
export function setApiKey(key: string): void {
  sessionStorage.setItem(API_KEY_ITEM, key);
}

function headers(json: boolean): Record<string, string> {
  const key = sessionStorage.getItem(API_KEY_ITEM);
  return { ...(json ? { 'content-type': 'application/json' } : {}), ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = isErrorBody(body) ? body.error : undefined;
  return new ApiError(error?.message ?? `${response.status} ${response.statusText}`, response.status, error?.param ?? null);
}

function isErrorBody(body: unknown): body is { error: { message: string; param?: string | null } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: headers(false), ...(signal ? { signal } : {}) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export const fetchOptions = (): Promise<WebOptions> => getJson('api/options');
export const fetchRuns = (): Promise<{ store: string | null; runs: RunRow[] }> => getJson('api/runs');
export const fetchRun = (id: string): Promise<RunDetail> => getJson(`api/runs/${encodeURIComponent(id)}`);

/**
 * Asks a question and yields its events as they arrive. EventSource cannot POST, so the stream is read from the
 * fetch body. Aborting `signal` ends the request, and the server cancels the generation.
 */
export async function* ask(body: AskBody, signal: AbortSignal): AsyncGenerator<AskEvent, void, undefined> {
  const response = await fetch('api/ask', { method: 'POST', headers: headers(true), body: JSON.stringify(body), signal });
  if (!response.ok) throw await failure(response);
  if (response.body === null) throw new ApiError('the server sent no stream', response.status);
  for await (const message of readServerSentEvents(response.body)) {
    const data: unknown = JSON.parse(message.data);
    if (message.event === 'warnings') yield { type: 'warnings', warnings: data as string[] };
    else if (message.event === 'error') {
      const error = isErrorBody(data) ? data.error : { message: message.data };
      yield { type: 'error', error: new ApiError(error.message, 500, error.param ?? null) };
    } else yield data as ReasoningEvent;
  }
}
