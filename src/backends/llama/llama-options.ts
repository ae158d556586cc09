import { z } from 'zod';

export const llamaModelOptionsSchema = z.object({
  /** A GGUF file path, or an `hf:` URI resolved (and downloaded once) by node-llama-cpp's own resolver. */
  model: z.string().min(1),
  /** Where `hf:` models are downloaded to. @default CONCORD_MODELS_DIR or ~/.cache/concord/models */
  modelsDir: z.string().min(1).optional(),
  /**
   * CPU threads. `auto` follows the model's size: per-token overhead dominates a few-million-parameter model, where one
   * thread measured 902 tokens/s against 62 with two; a 0.36 B model is compute-bound and gains from every core.
   * @default 'auto'
   */
  threads: z.union([z.literal('auto'), z.number().int().min(1).max(256)]).default('auto'),
  /** Parallel sequences in the one context: paths decoded together in one batch. @default 16 */
  sequences: z.number().int().min(1).max(256).default(16),
  /** Tokens per sequence (prompt + completion). @default 2048, capped at the model's training context */
  contextSize: z.number().int().min(32).max(1 << 20).default(2048),
  /** Tokens llama.cpp evaluates in one batch. @default node-llama-cpp's (512, or the context size if smaller) */
  batchSize: z.number().int().min(1).optional(),
  /** `auto` uses a GPU build of llama.cpp where one is installed; `false` forces the CPU. @default CONCORD_GPU or 'auto' */
  gpu: z.union([z.literal('auto'), z.literal(false)]).optional(),
  /** Flash attention; `auto` follows the model's size (see threads.ts). @default 'auto' */
  flashAttention: z.union([z.literal('auto'), z.boolean()]).default('auto'),
  /**
   * Evaluate a call's prompt once and copy it into the other sequences (llama.cpp state save/load) instead of
   * evaluating it once per path. Off only to measure what it saves. @default true
   */
  prefixSharing: z.boolean().default(true),
});

export type LlamaModelOptions = z.input<typeof llamaModelOptionsSchema>;
export type ResolvedLlamaModelOptions = z.output<typeof llamaModelOptionsSchema>;

/**
 * Below this file size a model is overhead-bound and runs fastest on one thread (measured: a 2.85 M-parameter,
 * 11 MB model did 902 tokens/s on 1 thread, 62 on 2; a 716 MB model 18 on 2 threads, 10.8 on 1).
 */
export const SINGLE_THREAD_MODEL_BYTES = 100 * 1024 * 1024;
