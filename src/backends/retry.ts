/**
 * Retries with exponential back-off and jitter, for any backend that calls something flaky (an HTTP server).
 * Sleeping between attempts is abortable, so a caller's abort is honoured at once, not after the back-off.
 */
import { AbortedError, BackendCallError } from '../spec/errors/index.js';

export interface RetryEvent {
  /** The attempt that failed, 0 for the first. */
  readonly attempt: number;
  readonly error: unknown;
  /** How long we wait before the next attempt. */
  readonly delayMs: number;
}

export interface RetryOptions {
  /** Attempts after the first; 0 tries once. */
  readonly maxRetries: number;
  /** Aborts the wait between attempts; an aborted signal is never retried. */
  readonly signal?: AbortSignal | undefined;
  /** Back-off before the first retry; it doubles each retry. @default 500 */
  readonly baseDelayMs?: number | undefined;
  /** Ceiling of the exponential back-off (not of a server's Retry-After). @default 30000 */
  readonly maxDelayMs?: number | undefined;
  /**
   * A server's Retry-After longer than this is not waited for: the error is thrown at once, because blocking a
   * run for minutes on one request is worse than failing it. @default 60000
   */
  readonly maxRetryAfterMs?: number | undefined;
  /** Which errors are worth another attempt. @default a BackendCallError whose isRetryable is true */
  readonly isRetryable?: ((error: unknown) => boolean) | undefined;
  /** How long the server asked us to wait, in ms. @default a BackendCallError's retryAfterSeconds × 1000 */
  readonly retryAfterMs?: ((error: unknown) => number | undefined) | undefined;
  /** Called before each wait, e.g. to log. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Names the operation in an AbortedError. @default "operation" */
  readonly operation?: string | undefined;
  /** Source of jitter in [0, 1); tests pin it. @default Math.random */
  readonly random?: (() => number) | undefined;
}

export const RETRY_DEFAULTS = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 } as const;

/**
 * Runs `operation(attempt)` until it succeeds, fails with an error that is not retryable, or `maxRetries` retries
 * are spent; the last error is thrown as it is. A Retry-After from the server replaces the back-off for that wait.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const name = options.operation ?? 'operation';
  const isRetryable = options.isRetryable ?? defaultIsRetryable;
  const retryAfterMs = options.retryAfterMs ?? defaultRetryAfterMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const signal = options.signal;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal, name);
    try {
      return await operation(attempt);
    } catch (error) {
      if (signal?.aborted) throw error instanceof AbortedError ? error : new AbortedError(name, { cause: signal.reason });
      if (attempt >= options.maxRetries || !isRetryable(error)) throw error;
      const asked = retryAfterMs(error);
      if (asked !== undefined && asked > maxRetryAfterMs) throw error;
      const delayMs = asked ?? backoffDelayMs(attempt, options);
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, signal, name);
    }
  }
}

/** Equal jitter: half the exponential delay is fixed, half random, so retries spread out but never collapse to 0. */
export function backoffDelayMs(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {},
): number {
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const ceiling = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const exponential = Math.min(ceiling, base * 2 ** attempt);
  const random = options.random ?? Math.random;
  return exponential / 2 + (random() * exponential) / 2;
}

/** Resolves after `ms`, or rejects with an AbortedError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal, operation = 'sleep'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError(operation, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(operation, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Parses an HTTP Retry-After value, either delay-seconds or an HTTP date, into milliseconds from `now`.
 * Undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Only something that reads like a date: Date.parse also accepts bare numbers such as "-1".
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function defaultIsRetryable(error: unknown): boolean {
  return error instanceof BackendCallError && error.isRetryable;
}

function defaultRetryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof BackendCallError) || error.retryAfterSeconds === undefined) return undefined;
  return error.retryAfterSeconds * 1000;
}

function throwIfAborted(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted) throw new AbortedError(operation, { cause: signal.reason });
}
