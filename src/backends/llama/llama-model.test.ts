import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaModel } from './llama-model.js';
import { AbortedError, DisposedError, InvalidArgumentError, NoSuchModelError } from '../../spec/errors/index.js';
import type { Completion, GenerateOptions } from '../../spec/model.js';
import { ensureTinyModel } from '../../../test/models/tiny-model.js';

// Real llama.cpp on the random-weight test GGUF: these tests pin what random weights can show.
let model: LlamaModel;

async function collect(options: GenerateOptions): Promise<Completion[]> {
  const out: Completion[] = [];
  for await (const completion of model.generate(options)) out.push(completion);
  return out.sort((a, b) => a.index - b.index);
}

const prompt = 'Q: Take the last letters of the words in "Elon Musk" and concatenate them.\nA:';

beforeAll(async () => {
  model = await LlamaModel.load({ model: await ensureTinyModel(), sequences: 8, contextSize: 512 });
});
afterAll(async () => {
  await model.dispose();
});

describe('LlamaModel on a real GGUF', () => {
  it('reports identity, capabilities and a size-dependent thread count', () => {
    expect(model.provider).toBe('llama');
    expect(model.modelId).toBe('tiny-random-char');
    expect(model.capabilities).toMatchObject({ logprobs: true, maxParallelSequences: 8, contextSize: 512, nativeMultiSample: true });
    expect(model.threads).toBe(1); // a tiny model is overhead-bound: one thread is fastest
  });

  it('returns k paths with distinct indices and decodes them together in one batch', async () => {
    const paths = await collect({ prompt, samples: 6, temperature: 1, seed: 11, maxTokens: 12 });
    expect(paths.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(model.stats.peakParallelPaths).toBe(6);
    expect(new Set(paths.map((p) => p.text)).size).toBeGreaterThan(1);
  });

  it('decodes the paths in lock-step: one batch a step, no path a batch behind the others', async () => {
    // Warm: the sequences already hold the prompt, so every batch of this call is a decode step.
    await collect({ prompt, samples: 8, temperature: 1, seed: 5, maxTokens: 2 });
    const paths = await collect({ prompt, samples: 8, temperature: 1, seed: 5, maxTokens: 24 });
    const longest = Math.max(...paths.map((p) => p.outputTokens));
    // A path of n tokens takes n decode steps (its last token is never fed back); a path that missed its batch
    // once would keep missing by one and add a batch of its own per step.
    expect(longest).toBeGreaterThan(8);
    expect(model.stats.decodeBatches).toBeGreaterThanOrEqual(longest);
    expect(model.stats.decodeBatches).toBeLessThanOrEqual(longest + 1);
  });

  it('runs more paths than sequences in waves of at most the sequence count', async () => {
    const paths = await collect({ prompt, samples: 20, temperature: 1, seed: 3, maxTokens: 4 });
    expect(paths).toHaveLength(20);
    expect(model.stats.peakParallelPaths).toBe(8);
  });

  it('is deterministic for a fixed seed, and each path has its own seed', async () => {
    const a = await collect({ prompt, samples: 4, temperature: 0.9, seed: 42, maxTokens: 16 });
    const b = await collect({ prompt, samples: 4, temperature: 0.9, seed: 42, maxTokens: 16 });
    expect(b.map((p) => p.text)).toEqual(a.map((p) => p.text));
    // Path i uses seed + i: a single-sample call with seed 43 reproduces path 1.
    const single = await collect({ prompt, samples: 1, temperature: 0.9, seed: 43, maxTokens: 16 });
    expect(single[0]?.text).toBe(a[1]?.text);
  });

  it('decodes greedily at temperature 0: every path the same', async () => {
    const paths = await collect({ prompt, samples: 3, temperature: 0, maxTokens: 16 });
    expect(new Set(paths.map((p) => p.text)).size).toBe(1);
  });

  it('stops at maxTokens with finish reason length', async () => {
    const [path] = await collect({ prompt, temperature: 0, maxTokens: 10 });
    expect(path?.outputTokens).toBe(10);
    expect(path?.finishReason).toEqual({ unified: 'length', raw: 'max-tokens' });
  });

  it('ends before a stop sequence and leaves it out', async () => {
    const [free] = await collect({ prompt, temperature: 0, maxTokens: 40 });
    const text = free?.text ?? '';
    const stop = text.slice(10, 13);
    const cut = text.indexOf(stop);
    const [stopped] = await collect({ prompt, temperature: 0, maxTokens: 40, stop: [stop] });
    expect(stopped?.text).toBe(text.slice(0, cut));
    expect(stopped?.finishReason).toEqual({ unified: 'stop', raw: 'stop-sequence' });
    expect(stopped?.outputTokens).toBeLessThan(40);
  });

  it('streams text deltas that add up to the completion, never including a stop string', async () => {
    const [free] = await collect({ prompt, temperature: 0, maxTokens: 40 });
    const stop = (free?.text ?? '').slice(20, 22);
    const deltas: string[] = [];
    const [path] = await collect({ prompt, temperature: 0, maxTokens: 40, stop: [stop], onTextDelta: (_i, d) => deltas.push(d) });
    expect(deltas.join('')).toBe(path?.text);
    expect(deltas.length).toBeGreaterThan(1);
  });

  it('reuses the prompt prefix a sequence already holds', async () => {
    const fresh = 'Q: A brand new prompt nobody has used yet.\nA:';
    const first = await collect({ prompt: fresh, temperature: 0, maxTokens: 4 });
    const again = await collect({ prompt: fresh, temperature: 0, maxTokens: 4 });
    const promptTokens = model.tokenize(fresh).length;
    // At most BOS and "Q: " can be shared with earlier prompts.
    expect(first[0]?.inputTokens).toBeGreaterThanOrEqual(promptTokens - 4);
    expect(again[0]?.inputTokens).toBe(1); // only the last prompt token, to get the next-token distribution
    expect(again[0]?.text).toBe(first[0]?.text);
  });

  it('gives log-probabilities consistent with the sampled tokens', async () => {
    const paths = await collect({ prompt, samples: 8, temperature: 1, seed: 5, maxTokens: 12, logprobs: true });
    const [greedy] = await collect({ prompt, temperature: 0, maxTokens: 12, logprobs: true });
    for (const path of [...paths, greedy as Completion]) {
      const lp = path.logprobs;
      expect(lp).toBeDefined();
      if (!lp) continue;
      expect(lp.tokens).toHaveLength(path.outputTokens);
      expect(lp.tokens.map((t) => t.token).join('')).toBe(path.text);
      for (const t of lp.tokens) expect(t.logprob).toBeLessThanOrEqual(0);
      expect(lp.sum).toBeCloseTo(lp.tokens.reduce((s, t) => s + t.logprob, 0), 9);
      expect(lp.mean).toBeCloseTo(lp.sum / lp.tokens.length, 9);
    }
    // The first token is scored under one distribution for every path: equal tokens get equal log-probabilities,
    // and the greedy token is the most probable of all.
    const firstByToken = new Map<string, number>();
    for (const path of paths) {
      const first = path.logprobs?.tokens[0];
      if (!first) continue;
      const seen = firstByToken.get(first.token);
      if (seen !== undefined) expect(first.logprob).toBeCloseTo(seen, 9);
      firstByToken.set(first.token, first.logprob);
    }
    const greedyFirst = greedy?.logprobs?.tokens[0]?.logprob ?? -Infinity;
    for (const lp of firstByToken.values()) expect(greedyFirst).toBeGreaterThanOrEqual(lp - 1e-9);
  });

  it('takes chat messages through the model chat template', async () => {
    const [path] = await collect({ prompt: [{ role: 'user', content: 'Hello' }], temperature: 0, maxTokens: 5 });
    expect(path?.outputTokens).toBeGreaterThan(0);
  });

  it('aborts mid-generation with AbortedError and frees its sequences', async () => {
    const controller = new AbortController();
    const run = (async () => {
      for await (const _ of model.generate({ prompt, samples: 4, temperature: 1, maxTokens: 400, signal: controller.signal })) {
        // nothing: the abort comes first
      }
    })();
    setTimeout(() => controller.abort(), 5);
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    const after = await collect({ prompt, samples: 8, temperature: 1, seed: 1, maxTokens: 3 });
    expect(after).toHaveLength(8);
  });

  it('rejects a prompt that does not fit the context, naming the sizes', async () => {
    await expect(collect({ prompt: 'x'.repeat(600), maxTokens: 10 })).rejects.toThrow(InvalidArgumentError);
    await expect(collect({ prompt: 'x'.repeat(600), maxTokens: 10 })).rejects.toThrow(/exceed the context of 512 tokens/);
  });

  it('rejects bad sampling options with the field path', async () => {
    await expect(collect({ prompt, samples: 0 })).rejects.toThrow(/samples/);
    await expect(collect({ prompt, temperature: -1 })).rejects.toThrow(/temperature/);
  });
});

describe('LlamaModel loading and lifecycle', () => {
  it('names a missing model file', async () => {
    await expect(LlamaModel.load({ model: '/nonexistent/model.gguf' })).rejects.toThrow(NoSuchModelError);
    await expect(LlamaModel.load({ model: '/nonexistent/model.gguf' })).rejects.toThrow(/\/nonexistent\/model\.gguf: file not found/);
  });

  it('throws DisposedError after dispose', async () => {
    const own = await LlamaModel.load({ model: await ensureTinyModel(), sequences: 1, contextSize: 128 });
    await own.dispose();
    await expect(own.generate({ prompt: 'x' })[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(DisposedError);
  });
});
