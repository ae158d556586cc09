/** One HTTP exchange with a JSON API: per-request time-out, caller abort, and every failure mapped to our errors. */
import { AbortedError } from '../../spec/errors/index.js';
import { describeTarget, fetchFailure, malformedBodyError, statusError, type RequestTarget } from './openai-error.js';

export interface JSONRequest {
  readonly target: RequestTarget;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Aborts this request; when it fires the rejection is an AbortedError, whatever fetch said. */
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs: number;
  /** Lets a 404 that names the model become a NoSuchModelError. */
  readonly modelId?: string | undefined;
}

/** Sends the request and returns the parsed JSON body of a 2xx answer; anything else throws. */
export async function requestJSON(request: JSONRequest): Promise<unknown> {
  const { target, signal, timeoutMs } = request;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const init: RequestInit = { method: target.method, headers: { ...request.headers }, signal: combined };
  if (request.body !== undefined) init.body = JSON.stringify(request.body);
  let response: Response | undefined;
  let text: string;
  try {
    response = await fetch(target.url, init);
    // The body is read under the same signals: a server that sends headers and then stalls still times out.
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(describeTarget(target), { cause: signal.reason });
    throw fetchFailure(error, target, { timedOut: timeout.aborted, timeoutMs, gotResponse: response !== undefined });
  }
  if (!response.ok) throw statusError(target, response.status, text, response.headers, request.modelId);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedBodyError(target, `the body is not JSON: ${snippet(text)}`, error);
  }
}

function snippet(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '(empty body)';
  return JSON.stringify(trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed);
}
