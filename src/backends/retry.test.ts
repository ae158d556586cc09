import { describe, expect, it } from 'vitest';
import { AbortedError, BackendCallError } from '../spec/errors/index.js';
import { backoffDelayMs, parseRetryAfterMs, sleep, withRetries } from './retry.js';

const retryable = (status = 503, retryAfterSeconds?: number): BackendCallError =>
  new BackendCallError(`failed with ${status}`, { status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });

describe('withRetries', () => {
  it('returns the first success, passing the attempt number', async () => {
    const attempts: number[] = [];
    const result = await withRetries(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 2) throw retryable();
        return 'ok';
      },
      { maxRetries: 4, baseDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('throws the last error once maxRetries retries are spent', async () => {
    let calls = 0;
    const error = retryable(500);
    await expect(
      withRetries(
        async () => {
          calls++;
          throw error;
        },
        { maxRetries: 2, baseDelayMs: 1 },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(3);
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    const error = new BackendCallError('bad request', { status: 400 });
    await expect(
      withRetries(
        async () => {
          calls++;
          throw error;
        },
        { maxRetries: 5, baseDelayMs: 1 },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('waits what Retry-After asks instead of the back-off, and refuses waits beyond maxRetryAfterMs', async () => {
    const delays: number[] = [];
    await withRetries(
      async (attempt) => {
        if (attempt === 0) throw retryable(429, 0.05);
        return 'ok';
      },
      { maxRetries: 1, baseDelayMs: 1, onRetry: (e) => delays.push(e.delayMs) },
    );
    expect(delays).toEqual([50]);
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw retryable(429, 120);
        },
        { maxRetries: 3, maxRetryAfterMs: 1_000 },
      ),
    ).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(1);
  });

  it('uses isRetryable and retryAfterMs when given', async () => {
    const delays: number[] = [];
    const result = await withRetries(
      async (attempt) => {
        if (attempt === 0) throw new Error('flaky');
        return attempt;
      },
      { maxRetries: 1, isRetryable: () => true, retryAfterMs: () => 3, onRetry: (e) => delays.push(e.delayMs) },
    );
    expect(result).toBe(1);
    expect(delays).toEqual([3]);
  });

  it('stops waiting as soon as the signal aborts, with an AbortedError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(
      withRetries(
        async () => {
          throw retryable();
        },
        { maxRetries: 3, baseDelayMs: 10_000, signal: controller.signal, operation: 'POST /v1/completions' },
      ),
    ).rejects.toThrow(new AbortedError('POST /v1/completions'));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never starts an attempt under an aborted signal', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          return 1;
        },
        { maxRetries: 1, signal: AbortSignal.abort() },
      ),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(calls).toBe(0);
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt, keeps at least half, and stops at the ceiling', () => {
    expect(backoffDelayMs(0, { baseDelayMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelayMs(0, { baseDelayMs: 100, random: () => 0.999 })).toBeCloseTo(99.95);
    expect(backoffDelayMs(3, { baseDelayMs: 100, random: () => 0 })).toBe(400);
    expect(backoffDelayMs(20, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 1 })).toBe(1_000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfterMs('2', now)).toBe(2_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs('')).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs('-1')).toBeUndefined();
  });
});

describe('sleep', () => {
  it('resolves after the delay, or rejects at once if already aborted', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    await expect(sleep(10_000, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });
});
