import { availableParallelism } from 'node:os';
import { SINGLE_THREAD_MODEL_BYTES } from './llama-options.js';

/** The thread count for a model: one thread for overhead-bound tiny models, every core for real ones. */
export function defaultThreads(modelBytes: number): number {
  return modelBytes < SINGLE_THREAD_MODEL_BYTES ? 1 : availableParallelism();
}

/**
 * Flash attention for a model: off for overhead-bound tiny models, llama.cpp's own choice for real ones. Measured
 * with 16 sequences decoding after a 380-token prompt: Concord Mini 2,152 tokens/s without, 888 with; the 0.36 B
 * shape 108 without, 120 with.
 */
export function defaultFlashAttention(modelBytes: number): boolean | undefined {
  return modelBytes < SINGLE_THREAD_MODEL_BYTES ? false : undefined;
}
