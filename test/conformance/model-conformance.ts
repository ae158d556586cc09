/**
 * The conformance suite every backend passes: call `describeModelConformance` from a backend's test file.
 * The assertions hold for any model, including a random-weight one whose text is arbitrary characters: they
 * check counts, indices, limits, reproducibility and errors, never what the text says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Completion, GenerateOptions, LanguageModel } from '../../src/spec/model.js';

export interface ModelConformanceOptions {
  /** Test name → why this backend skips it; the reason shows in the test name. Unknown names are an error. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Whether the backend reports log-probabilities. @default the model's capabilities.logprobs */
  readonly supportsLogprobs?: boolean;
}

/** The suite's test names, the keys of `skip`. */
export const MODEL_CONFORMANCE_TESTS = [
  'identity fields are non-empty',
  'capabilities are sane',
  'samples defaults to 1',
  'samples=k yields exactly k completions with distinct indices 0..k-1',
  'completions are well-formed',
  'inputTokens count a new prompt',
  'maxTokens is respected',
  'stop sequences never appear in the text',
  'a fixed seed with temperature > 0 reproduces the completions',
  'an already-aborted signal rejects with AbortedError',
  'aborting mid-generation rejects with AbortedError quickly, and the model stays usable',
  'logprobs are consistent with the tokens',
  'logprobs asked of a backend without them give a warning, not an error',
  'invalid options are rejected with InvalidArgumentError',
  'generate after dispose rejects with DisposedError',
] as const;

export type ModelConformanceTest = (typeof MODEL_CONFORMANCE_TESTS)[number];

const PROMPT = 'Question: There are 3 apples and 4 pears in a basket. How many fruits are there?\nAnswer:';
const FINISH_KINDS = ['stop', 'length', 'abort', 'error', 'other'];
/** Aborting must take effect within this; a backend may finish the decode step it is in. */
const ABORT_DEADLINE_MS = 1_000;

export function describeModelConformance(
  name: string,
  makeModel: () => Promise<LanguageModel>,
  options: ModelConformanceOptions = {},
): void {
  const skip = options.skip ?? {};
  const known = new Set<string>(MODEL_CONFORMANCE_TESTS);
  const unknown = Object.keys(skip).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`describeModelConformance(${name}): unknown test names in skip: ${unknown.join(', ')}`);

  describe(`model conformance: ${name}`, () => {
    let shared: LanguageModel | undefined;
    const model = (): LanguageModel => {
      if (!shared) throw new Error('makeModel did not produce a model');
      return shared;
    };
    const supportsLogprobs = (): boolean => options.supportsLogprobs ?? model().capabilities.logprobs;
    const test = (title: ModelConformanceTest, body: () => Promise<void>): void => {
      const reason = skip[title];
      if (reason !== undefined) it.skip(`${title} (skipped: ${reason})`, body);
      else it(title, body);
    };

    beforeAll(async () => {
      shared = await makeModel();
    });
    afterAll(async () => {
      await shared?.dispose();
    });

    test('identity fields are non-empty', async () => {
      expect(typeof model().provider).toBe('string');
      expect(model().provider.length).toBeGreaterThan(0);
      expect(typeof model().modelId).toBe('string');
      expect(model().modelId.length).toBeGreaterThan(0);
    });

    test('capabilities are sane', async () => {
      const c = model().capabilities;
      expect(typeof c.logprobs).toBe('boolean');
      expect(typeof c.nativeMultiSample).toBe('boolean');
      expect(Number.isInteger(c.maxParallelSequences) && c.maxParallelSequences >= 1).toBe(true);
      if (c.contextSize !== undefined) expect(Number.isInteger(c.contextSize) && c.contextSize > 0).toBe(true);
      if (options.supportsLogprobs !== undefined) expect(c.logprobs).toBe(options.supportsLogprobs);
    });

    test('samples defaults to 1', async () => {
      const completions = await collect(model().generate({ prompt: PROMPT, maxTokens: 4 }));
      expect(completions.map((c) => c.index)).toEqual([0]);
    });

    test('samples=k yields exactly k completions with distinct indices 0..k-1', async () => {
      const completions = await collect(model().generate({ prompt: PROMPT, samples: 4, temperature: 0.9, seed: 7, maxTokens: 6 }));
      expect(completions).toHaveLength(4);
      expect(completions.map((c) => c.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    });

    test('completions are well-formed', async () => {
      const completions = await collect(model().generate({ prompt: PROMPT, samples: 2, temperature: 0.7, seed: 5, maxTokens: 6 }));
      for (const c of completions) {
        expect(typeof c.text).toBe('string');
        expect(Number.isInteger(c.outputTokens) && c.outputTokens >= 0).toBe(true);
        expect(Number.isInteger(c.inputTokens) && c.inputTokens >= 0).toBe(true);
        expect(FINISH_KINDS).toContain(c.finishReason.unified);
        expect(c.finishReason.raw === undefined || typeof c.finishReason.raw === 'string').toBe(true);
        expect(Array.isArray(c.warnings)).toBe(true);
        expect(c.warnings.every((w) => typeof w === 'string')).toBe(true);
      }
    });

    test('inputTokens count a new prompt', async () => {
      // A prompt no earlier test used, so no cache can have it all; a shared prefix may still be reused.
      const prompt = `${PROMPT} ${Date.now()} ${Math.random()}`;
      const completions = await collect(model().generate({ prompt, samples: 2, temperature: 0.5, seed: 1, maxTokens: 3 }));
      expect(completions.reduce((sum, c) => sum + c.inputTokens, 0)).toBeGreaterThan(0);
    });

    test('maxTokens is respected', async () => {
      // One sample alone and several together: backends may count tokens differently for each.
      for (const [samples, maxTokens] of [[1, 1], [1, 5], [3, 5]] as const) {
        const completions = await collect(model().generate({ prompt: PROMPT, samples, temperature: 0.8, seed: 11, maxTokens }));
        expect(completions).toHaveLength(samples);
        for (const c of completions) {
          expect(c.outputTokens).toBeLessThanOrEqual(maxTokens);
          // A completion cut by the limit used every token it was allowed.
          if (c.finishReason.unified === 'length') expect(c.outputTokens).toBe(maxTokens);
        }
      }
    });

    test('stop sequences never appear in the text', async () => {
      // Common characters, so that even random text is likely to be cut.
      const stop = ['\n', 'e', '.'];
      const completions = await collect(model().generate({ prompt: PROMPT, samples: 3, temperature: 1, seed: 3, maxTokens: 24, stop }));
      expect(completions).toHaveLength(3);
      for (const c of completions) {
        for (const s of stop) expect(c.text.includes(s), `${JSON.stringify(c.text)} contains ${JSON.stringify(s)}`).toBe(false);
        expect(c.outputTokens).toBeLessThanOrEqual(24);
      }
    });

    test('a fixed seed with temperature > 0 reproduces the completions', async () => {
      const settings: GenerateOptions = { prompt: PROMPT, samples: 2, temperature: 0.8, seed: 1234, maxTokens: 8 };
      const first = byIndex(await collect(model().generate(settings)));
      const second = byIndex(await collect(model().generate(settings)));
      expect(second.map((c) => c.text)).toEqual(first.map((c) => c.text));
    });

    test('an already-aborted signal rejects with AbortedError', async () => {
      const signal = AbortSignal.abort();
      await expect(collect(model().generate({ prompt: PROMPT, maxTokens: 4, signal }))).rejects.toMatchObject({ name: 'AbortedError' });
    });

    test('aborting mid-generation rejects with AbortedError quickly, and the model stays usable', async () => {
      const controller = new AbortController();
      let abortedAt = 0;
      const run = collect(
        model().generate({ prompt: PROMPT, samples: 4, temperature: 1, seed: 9, maxTokens: 512, signal: controller.signal }),
      ).then(
        (completions) => ({ completions, error: undefined }),
        (error: unknown) => ({ completions: undefined, error }),
      );
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort(new Error('conformance abort'));
      }, 10);
      const outcome = await run;
      const settledAt = performance.now();
      expect(outcome.completions, 'generation finished before the abort at 10 ms: too fast to test').toBeUndefined();
      expect(outcome.error).toMatchObject({ name: 'AbortedError' });
      expect(settledAt - abortedAt).toBeLessThan(ABORT_DEADLINE_MS);
      const after = await collect(model().generate({ prompt: PROMPT, maxTokens: 2 }));
      expect(after).toHaveLength(1);
    });

    test('logprobs are consistent with the tokens', async () => {
      if (!supportsLogprobs()) return;
      const completions = await collect(
        model().generate({ prompt: PROMPT, samples: 2, temperature: 0.8, seed: 3, maxTokens: 6, logprobs: true }),
      );
      for (const c of completions) {
        const logprobs = c.logprobs;
        expect(logprobs, `completion ${c.index} has no logprobs`).toBeDefined();
        if (!logprobs) continue;
        expect(logprobs.tokens).toHaveLength(c.outputTokens);
        for (const t of logprobs.tokens) {
          expect(typeof t.token).toBe('string');
          expect(Number.isFinite(t.logprob)).toBe(true);
          // Rounding can put a certain token a hair above 0.
          expect(t.logprob).toBeLessThanOrEqual(1e-6);
        }
        const sum = logprobs.tokens.reduce((s, t) => s + t.logprob, 0);
        expect(logprobs.sum).toBeCloseTo(sum, 6);
        if (logprobs.tokens.length > 0) expect(logprobs.mean).toBeCloseTo(sum / logprobs.tokens.length, 6);
      }
    });

    test('logprobs asked of a backend without them give a warning, not an error', async () => {
      if (supportsLogprobs()) return;
      const completions = await collect(model().generate({ prompt: PROMPT, maxTokens: 4, logprobs: true }));
      expect(completions).toHaveLength(1);
      expect(completions[0]?.logprobs).toBeUndefined();
      expect(completions[0]?.warnings.length).toBeGreaterThan(0);
    });

    test('invalid options are rejected with InvalidArgumentError', async () => {
      for (const bad of [{ samples: 0 }, { maxTokens: -1 }, { temperature: -1 }]) {
        await expect(collect(model().generate({ prompt: PROMPT, ...bad }))).rejects.toMatchObject({ name: 'InvalidArgumentError' });
      }
    });

    test('generate after dispose rejects with DisposedError', async () => {
      const own = await makeModel();
      await own.dispose();
      await own.dispose(); // twice is allowed
      await expect(collect(own.generate({ prompt: PROMPT, maxTokens: 2 }))).rejects.toMatchObject({ name: 'DisposedError' });
    });
  });
}

async function collect(stream: AsyncIterable<Completion>): Promise<Completion[]> {
  const completions: Completion[] = [];
  for await (const completion of stream) completions.push(completion);
  return completions;
}

function byIndex(completions: readonly Completion[]): Completion[] {
  return [...completions].sort((a, b) => a.index - b.index);
}
