import { z } from 'zod';
import type { GenerateOptions } from '../spec/model.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { issuesFromZod } from '../util/zod-issues.js';

/** The sampling options every backend accepts, with the defaults of the model interface. */
const samplingSchema = z.object({
  samples: z.number().int().min(1).max(1024).default(1),
  temperature: z.number().min(0).max(10).default(0),
  topK: z.number().int().min(0).default(0),
  topP: z.number().gt(0).max(1).default(1),
  maxTokens: z.number().int().min(1).default(256),
  stop: z.array(z.string()).default([]),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  logprobs: z.boolean().default(false),
});

export type ResolvedSampling = z.output<typeof samplingSchema> & { readonly seed: number };

/**
 * Validates a `generate` call's sampling options at the backend's edge and fills in defaults. A missing seed gets a
 * random one, so every completion still has a definite seed (base + index) that reproduces it.
 */
export function resolveSampling(options: GenerateOptions): ResolvedSampling {
  const { prompt: _prompt, signal: _signal, onTextDelta: _onTextDelta, ...sampling } = options;
  const parsed = samplingSchema.safeParse(sampling);
  if (!parsed.success) {
    throw new InvalidArgumentError(issuesFromZod(parsed.error.issues));
  }
  return { ...parsed.data, seed: parsed.data.seed ?? Math.floor(Math.random() * 2 ** 31) };
}
