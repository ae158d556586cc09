import { describe, expect, it } from 'vitest';
import { allocateOutputTokens, divideProportionally, mapFinishReason, parseResponse, type WireChoice, type WireResponse } from './openai-wire.js';
import { serverErrorMessage, statusError } from './openai-error.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { resolveOpenAIModelOptions } from './openai-options.js';

const choice = (text: string, finish: string, logprobCount?: number): WireChoice => ({
  index: 0,
  text,
  finishReason: mapFinishReason(finish),
  logprobs:
    logprobCount === undefined
      ? undefined
      : { tokens: Array.from({ length: logprobCount }, () => ({ token: 'x', logprob: -1 })), sum: -logprobCount, mean: -1 },
});
const response = (choices: WireChoice[], completionTokens?: number): WireResponse => ({ choices, promptTokens: 3, completionTokens });

describe('allocateOutputTokens', () => {
  it('gives a single choice the whole total', () => {
    expect(allocateOutputTokens(response([choice('abc', 'stop')], 7), 16)).toEqual({ counts: [7], warning: undefined });
  });

  it('counts log-probability tokens when every choice has them', () => {
    const r = response([choice('a', 'stop', 2), choice('b', 'length', 4)], 99);
    expect(allocateOutputTokens(r, 4)).toEqual({ counts: [2, 4], warning: undefined });
  });

  it('estimates from text length when the server reports no usage, and says so', () => {
    const { counts, warning } = allocateOutputTokens(response([choice('12345678', 'stop'), choice('x', 'length')]), 5);
    expect(counts).toEqual([2, 5]);
    expect(warning).toContain('no token usage');
  });

  it('flags a total larger than n × max_tokens', () => {
    const { counts, warning } = allocateOutputTokens(response([choice('aaaa', 'stop'), choice('aaaa', 'stop')], 100), 5);
    expect(counts).toEqual([5, 5]);
    expect(warning).toContain('more than 2 × max_tokens');
  });
});

describe('divideProportionally', () => {
  it('keeps the sum exact and respects caps', () => {
    expect(divideProportionally(10, [1, 1, 1], [true, true, true], 10)).toEqual([4, 3, 3]);
    expect(divideProportionally(9, [100, 1, 1], [true, true, true], 4)).toEqual([4, 3, 2]);
    expect(divideProportionally(6, [0, 0], [true, true], 10)).toEqual([3, 3]);
    expect(divideProportionally(6, [5, 5], [false, true], 10)).toEqual([0, 6]);
  });
});

describe('parseResponse', () => {
  it('says what is wrong with a body', () => {
    const parsed = parseResponse('chat', { choices: [{ index: 0, text: 'not a chat choice' }] });
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.problem).toContain('choices.0.message');
  });

  it('reads a null chat content as empty text', () => {
    const parsed = parseResponse('chat', { choices: [{ message: { content: null }, finish_reason: 'stop' }] });
    expect(parsed.ok && parsed.value.choices[0]?.text).toBe('');
  });
});

describe('error mapping', () => {
  it('finds the message in the error bodies servers send', () => {
    expect(serverErrorMessage('{"error":{"message":"bad key","type":"x"}}')).toBe('bad key');
    expect(serverErrorMessage('{"object":"error","message":"vLLM says no"}')).toBe('vLLM says no');
    expect(serverErrorMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(serverErrorMessage('<html>oops</html>')).toBe('<html>oops</html>');
  });

  it('carries status, url and Retry-After', () => {
    const target = { method: 'POST', url: 'http://127.0.0.1:1234/v1/completions' } as const;
    const error = statusError(target, 429, '{"error":{"message":"slow down"}}', new Headers({ 'retry-after': '3' }));
    expect(error).toMatchObject({ name: 'BackendCallError', status: 429, isRetryable: true, retryAfterSeconds: 3, url: target.url });
    expect(error.message).toBe('POST http://127.0.0.1:1234/v1/completions failed with 429: slow down');
  });
});

describe('ConcurrencyLimiter', () => {
  it('admits at most limit holders, in order, and drops aborted waiters', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const second = limiter.acquire();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortedError' });
    first();
    first(); // a second release is ignored
    const release = await second;
    expect(limiter.active).toBe(1);
    release();
    expect(limiter.active).toBe(0);
  });
});

describe('resolveOpenAIModelOptions', () => {
  it('fills in defaults, trims the base URL and takes the key from the environment', () => {
    const options = resolveOpenAIModelOptions({ baseURL: 'http://127.0.0.1:8000/v1/', modelId: 'm' }, { OPENAI_API_KEY: 'sk-env' });
    expect(options).toMatchObject({
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKey: 'sk-env',
      maxConcurrentRequests: 8,
      maxRetries: 4,
      timeoutMs: 120_000,
      nativeN: 'auto',
    });
    expect(options.endpoint).toBeUndefined();
  });

  it('reports unknown options with their path', () => {
    const bad = { baseURL: 'http://x/v1', modelId: 'm', maxRetry: 3 } as unknown as Parameters<typeof resolveOpenAIModelOptions>[0];
    expect(() => resolveOpenAIModelOptions(bad, {})).toThrow(/Unrecognized key: "maxRetry"/);
  });
});
