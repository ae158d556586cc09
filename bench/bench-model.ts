// The 0.36 B-shaped random-weight model the performance benchmarks run on, built with the project's GGUF writer at
// bench time (never committed): llama architecture, width 896, 24 blocks, 14 query / 2 K-V heads, feed-forward
// 4864, f16 — the body of a 0.5 B-class open model. Speed does not depend on the weights' values. Its vocabulary
// has a token per word of the GSM8K 8-shot chain-of-thought prompt, so that prompt is about 900 tokens long, as
// it is for a real model's tokenizer.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRandomLlamaGguf, type LlamaShape } from '../src/gguf/index.js';
import { buildConcordVocabulary } from '../model/vocabulary.js';

export const BENCH_MODELS_DIR = fileURLToPath(new URL('./.models', import.meta.url));
export const BENCH_MODEL_PATH = join(BENCH_MODELS_DIR, 'random-0.36b-shape-f16.gguf');
const PROMPT_FILE = fileURLToPath(new URL('../data/prompts/cot-wei2022/gsm8k-8shot.json', import.meta.url));

/** The GSM8K 8-shot exemplars and the bench's own questions, as the words the vocabulary keeps whole. */
function promptWords(extra: readonly string[]): string[] {
  const file = JSON.parse(readFileSync(PROMPT_FILE, 'utf8')) as { exemplars: { question: string; full_answer_text: string }[] };
  const text = [...file.exemplars.flatMap((e) => [e.question, e.full_answer_text]), ...extra].join(' ');
  return [...new Set(text.match(/[A-Za-z']+/g) ?? [])];
}

export function benchVocabulary(extraText: readonly string[] = []): ReturnType<typeof buildConcordVocabulary> {
  return buildConcordVocabulary({ names: [], words: promptWords(extraText), punctuation: ['.', ',', '?', '!', ':', '$', '(', ')', '-', '+', '*', '/', '='] });
}

export function benchShape(vocabSize: number): LlamaShape {
  return { vocabSize, embeddingLength: 896, blockCount: 24, feedForwardLength: 4864, headCount: 14, headCountKv: 2, contextLength: 4096, ropeFreqBase: 1_000_000 };
}

export async function ensureBenchModel(extraText: readonly string[]): Promise<string> {
  if (existsSync(BENCH_MODEL_PATH)) return BENCH_MODEL_PATH;
  mkdirSync(BENCH_MODELS_DIR, { recursive: true });
  const vocabulary = benchVocabulary(extraText);
  const started = performance.now();
  const { bytes } = await writeRandomLlamaGguf(BENCH_MODEL_PATH, {
    name: 'concord-bench-0.36b-shape',
    shape: benchShape(vocabulary.tokens.length),
    vocabulary,
    seed: 3,
    matrixType: 'f16',
  });
  console.error(`built ${BENCH_MODEL_PATH}: ${(bytes / 2 ** 20).toFixed(0)} MiB in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return BENCH_MODEL_PATH;
}
