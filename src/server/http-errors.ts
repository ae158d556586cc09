/**
 * The one mapping from Concord's error classes to HTTP: a status and an OpenAI-shaped body
 * `{ error: { message, type, param, code } }`, used by `app.onError` and by streams that fail after their 200.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AbortedError, BackendCallError, ConcordError, DisposedError, InvalidArgumentError, NoSuchModelError, UnreachableError } from '../spec/errors/index.js';
import { RequestTimeoutError, ServerBusyError, ShuttingDownError } from './server-errors.js';

export interface OpenAIErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    /** The bad field's path, dotted (`messages.0.content`, `concord.paths`), where one is to blame. */
    readonly param: string | null;
    readonly code: string | null;
  };
}

export interface HttpError {
  readonly status: ContentfulStatusCode;
  readonly body: OpenAIErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

const body = (message: string, type: string, code: string | null, param: string | null = null): OpenAIErrorBody => ({ error: { message, type, param, code } });

export function toHttpError(error: unknown): HttpError {
  if (error instanceof InvalidArgumentError) {
    const first = error.issues[0];
    const param = first === undefined || first.path.length === 0 ? null : first.path.join('.');
    return { status: 400, body: body(error.message, 'invalid_request_error', 'invalid_value', param), headers: {} };
  }
  if (error instanceof NoSuchModelError) return { status: 404, body: body(error.message, 'invalid_request_error', 'model_not_found', 'model'), headers: {} };
  if (error instanceof ServerBusyError) {
    return { status: 429, body: body(error.message, 'rate_limit_error', 'server_busy'), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof RequestTimeoutError) return { status: 504, body: body(error.message, 'timeout_error', 'request_timeout'), headers: {} };
  if (error instanceof ShuttingDownError || error instanceof DisposedError) return { status: 503, body: body('server is shutting down', 'server_error', 'shutting_down'), headers: {} };
  // The client went away (or the server cancelled it): nobody reads this, but logs do.
  if (error instanceof AbortedError) return { status: 408, body: body(error.message, 'cancelled', 'cancelled'), headers: {} };
  if (error instanceof BackendCallError || error instanceof UnreachableError) return { status: 502, body: body(error.message, 'upstream_error', 'backend_failed'), headers: {} };
  if (error instanceof HTTPException) {
    const status = error.status === 413 ? 413 : error.status === 401 ? 401 : error.status === 404 ? 404 : 400;
    const type = status === 401 ? 'authentication_error' : 'invalid_request_error';
    const code = status === 413 ? 'body_too_large' : status === 401 ? 'invalid_api_key' : status === 404 ? 'not_found' : 'bad_request';
    return { status, body: body(error.message, type, code), headers: status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {} };
  }
  const message = error instanceof ConcordError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { status: 500, body: body(message, 'server_error', 'internal_error'), headers: {} };
}
