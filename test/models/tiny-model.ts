import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { characterVocabulary, TINY_TEST_SHAPE, writeRandomLlamaGguf } from '../../src/gguf/index.js';

/** Where the test suite keeps the models it builds (git-ignored). */
export const TEST_MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.models');
export const TINY_MODEL_PATH = join(TEST_MODELS_DIR, 'tiny-random-char.gguf');

/**
 * The random-weight test model: a character vocabulary and a llama body small enough to load in a second.
 * Random weights show what they can: shapes, determinism, stops, batching, abort, log-probabilities.
 */
export async function ensureTinyModel(): Promise<string> {
  if (existsSync(TINY_MODEL_PATH)) return TINY_MODEL_PATH;
  mkdirSync(TEST_MODELS_DIR, { recursive: true });
  await writeRandomLlamaGguf(TINY_MODEL_PATH, {
    name: 'concord-tiny-random',
    shape: TINY_TEST_SHAPE,
    vocabulary: characterVocabulary(),
    seed: 7,
    layerScale: 4,
  });
  return TINY_MODEL_PATH;
}
