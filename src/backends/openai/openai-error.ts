/**
 * Maps what can go wrong with one HTTP call to an OpenAI-compatible server onto Concord's error classes.
 * Messages name the operation and the target: "POST http://127.0.0.1:8000/v1/completions failed with 429: …".
 */
import { BackendCallError, NoSuchModelError, UnreachableError, type ConcordError } from '../../spec/errors/index.js';
import { parseRetryAfterMs } from '../retry.js';

export interface RequestTarget {
  readonly method: 'GET' | 'POST';
  readonly url: string;
}

export function describeTarget(target: RequestTarget): string {
  return `${target.method} ${target.url}`;
}

/** Server messages are quoted in ours; a whole HTML error page is not worth quoting. */
const MAX_QUOTED_CHARS = 500;

/** An HTTP response that is not 2xx. */
export function statusError(
  target: RequestTarget,
  status: number,
  bodyText: string,
  headers: Headers,
  modelId?: string,
): ConcordError {
  const serverMessage = serverErrorMessage(bodyText);
  const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'));
  const message = `${describeTarget(target)} failed with ${status}: ${serverMessage || '(empty body)'}${hint(status)}`;
  if (status === 404 && modelId !== undefined && mentionsMissingModel(bodyText, modelId)) {
    return new NoSuchModelError(modelId, `${describeTarget(target)} answered 404: ${serverMessage}`);
  }
  return new BackendCallError(message, {
    status,
    url: target.url,
    ...(retryAfterMs === undefined ? {} : { retryAfterSeconds: retryAfterMs / 1000 }),
  });
}

/** A 2xx response whose body we cannot use: not JSON, or not the shape of the endpoint. Retrying will not help. */
export function malformedBodyError(target: RequestTarget, problem: string, cause?: unknown): BackendCallError {
  return new BackendCallError(`${describeTarget(target)} returned an unusable body: ${problem}`, {
    url: target.url,
    isRetryable: false,
    cause,
  });
}

/** `fetch` rejected (or reading the body did) without our signal being aborted: a network failure or our time-out. */
export function fetchFailure(
  error: unknown,
  target: RequestTarget,
  context: { readonly timedOut: boolean; readonly timeoutMs: number; readonly gotResponse: boolean },
): ConcordError {
  if (context.timedOut) {
    const reason = `no ${context.gotResponse ? 'complete body' : 'response'} within ${context.timeoutMs} ms (timeoutMs)`;
    // No answer at all is what UnreachableError means; a body that stalls after the headers is a failed call.
    if (!context.gotResponse) return new UnreachableError(target.url, `${describeTarget(target)}: ${reason}`, { cause: error });
    return new BackendCallError(`${describeTarget(target)} failed: ${reason}`, { url: target.url, isRetryable: true, cause: error });
  }
  const code = networkErrorCode(error);
  if (code !== undefined && CONNECT_CODES.has(code)) {
    return new UnreachableError(target.url, `${describeTarget(target)}: ${connectReason(code)}`, { cause: error });
  }
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new BackendCallError(`${describeTarget(target)} failed: network error (${detail})`, {
    url: target.url,
    isRetryable: true,
    cause: error,
  });
}

/** Whether another attempt may succeed: retryable statuses, time-outs and network failures other than a bad host name. */
export function isRetryableOpenAIError(error: unknown): boolean {
  if (error instanceof BackendCallError) return error.isRetryable;
  if (error instanceof UnreachableError) return networkErrorCode(error.cause) !== 'ENOTFOUND';
  return false;
}

/** Failures before a connection exists: the server is not there (yet). */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function connectReason(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED); is the server running on that port?';
    case 'ENOTFOUND':
      return 'host name not found (ENOTFOUND)';
    default:
      return `could not connect (${code})`;
  }
}

/** undici wraps the system error: TypeError("fetch failed") → cause (sometimes an AggregateError of attempts). */
function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = error instanceof AggregateError ? error.errors[0] : (error as { cause?: unknown }).cause;
  return networkErrorCode(inner, depth + 1);
}

/** The message out of the error bodies servers send: OpenAI/llama.cpp `{error:{message}}`, vLLM `{message}`, FastAPI `{detail}`. */
export function serverErrorMessage(bodyText: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return quote(bodyText.trim());
  }
  const found = findMessage(parsed);
  return quote(found ?? bodyText.trim());
}

function findMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const inner = record[key];
    if (typeof inner === 'string') return inner;
    if (typeof inner === 'object' && inner !== null) {
      const nested = findMessage(inner);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

function hint(status: number): string {
  if (status === 401 || status === 403) return ' (set apiKey, CONCORD_OPENAI_API_KEY or OPENAI_API_KEY)';
  if (status === 404) return ' (does baseURL end in /v1?)';
  return '';
}

function mentionsMissingModel(bodyText: string, modelId: string): boolean {
  return bodyText.includes('model_not_found') || (bodyText.includes(modelId) && /model/i.test(bodyText));
}
