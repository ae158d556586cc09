import { availableParallelism } from 'node:os';
import { SINGLE_THREAD_MODEL_BYTES } from './llama-options.js';

/** The thread count for a model: one thread for overhead-bound tiny models, every core for real ones. */
export function defaultThreads(modelBytes: number): number {
  return modelBytes < SINGLE_THREAD_MODEL_BYTES ? 1 : availableParallelism();
}
