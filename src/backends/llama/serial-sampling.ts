import type { LlamaContext } from 'node-llama-cpp';

/**
 * Makes the context's token sampling run one call at a time.
 *
 * node-llama-cpp 3.21.1 samples every sequence of a decoded batch concurrently on the thread pool
 * (`AddonContext.sampleToken`). Those concurrent reads of one batch's logits race: with 8 parallel sequences on the
 * same prompt, greedy decoding gave up to 7 different texts ("Ann has has 9 cards", "Ann 9 cards") in about one
 * batch in four, and sampled paths read other sequences' distributions. With the calls chained, 32 of 32 batches
 * were identical (scripts measured on Concord Mini; test/prefix-sharing.test.ts pins it). Sampling is a small
 * share of a step, so the chain costs little; it is per context, so two models never wait on each other.
 */
export function serializeSampling(context: LlamaContext): void {
  const holder = context as unknown as { _ctx?: object };
  const native = holder._ctx as (Record<PropertyKey, unknown> & { sampleToken?: (...args: unknown[]) => Promise<unknown> }) | undefined;
  if (native === undefined || typeof native.sampleToken !== 'function') {
    throw new Error('node-llama-cpp internals changed (LlamaContext._ctx.sampleToken); Concord pins node-llama-cpp 3.21.1');
  }
  const sample = native.sampleToken.bind(native);
  let chain: Promise<unknown> = Promise.resolve();
  const serialSample = (...args: unknown[]): Promise<unknown> => {
    const run = chain.then(() => sample(...args));
    chain = run.catch(() => undefined);
    return run;
  };
  // The native object's methods are read-only, so a proxy stands in for it.
  holder._ctx = new Proxy(native, {
    get(target, property) {
      if (property === 'sampleToken') return serialSample;
      const value = target[property];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
