/**
 * Every environment variable Concord reads, in one place, each with its default.
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | CONCORD_MODEL | model used when none is given: a GGUF path, an `hf:` URI or an OpenAI-compatible base URL | the bundled model |
 * | CONCORD_MODELS_DIR | where `hf:` models are downloaded to and looked up | `~/.cache/concord/models` |
 * | CONCORD_THREADS | CPU threads for llama.cpp (`auto` picks by model size) | `auto` |
 * | CONCORD_GPU | `auto` to let llama.cpp use a GPU build when one is installed, `false` for CPU only | `auto` |
 * | CONCORD_OPENAI_API_KEY, OPENAI_API_KEY | API key for OpenAI-compatible servers, first one set wins | none |
 * | CONCORD_SERVE_API_KEY | the bearer token `concord serve` requires of clients (`--api-key` overrides it) | none: no auth |
 * | CONCORD_STORE | the SQLite file evaluation runs are recorded in (several runs share one file) | `.concord/runs.sqlite` under the current directory |
 * | CONCORD_DATA_DIR | the folder that holds the benchmark data sets (`gsm8k/test.jsonl`, `bbh/bbh/*.json`, ...) | `../shared/datasets` beside the package, when it exists |
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../spec/errors/index.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConcordConfig {
  readonly model: string | undefined;
  readonly modelsDir: string;
  readonly threads: number | 'auto';
  readonly gpu: 'auto' | false;
  readonly openaiApiKey: string | undefined;
  readonly serveApiKey: string | undefined;
  /** The run store's SQLite file, as given (relative paths are resolved against the current directory when opened). */
  readonly store: string;
  /** The benchmark data folder, as given; undefined when unset (src/tasks then looks beside the package). */
  readonly dataDir: string | undefined;
}

/** The run store's file when neither an option nor CONCORD_STORE names one, relative to the current directory. */
export const DEFAULT_STORE_PATH = join('.concord', 'runs.sqlite');

export function readConfig(env: Environment = process.env): ConcordConfig {
  return {
    model: nonEmpty(env.CONCORD_MODEL),
    modelsDir: nonEmpty(env.CONCORD_MODELS_DIR) ?? join(homedir(), '.cache', 'concord', 'models'),
    threads: parseThreads(env.CONCORD_THREADS),
    gpu: parseGpu(env.CONCORD_GPU),
    openaiApiKey: nonEmpty(env.CONCORD_OPENAI_API_KEY) ?? nonEmpty(env.OPENAI_API_KEY),
    serveApiKey: nonEmpty(env.CONCORD_SERVE_API_KEY),
    store: nonEmpty(env.CONCORD_STORE) ?? DEFAULT_STORE_PATH,
    dataDir: nonEmpty(env.CONCORD_DATA_DIR),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new InvalidArgumentError([{ path: ['CONCORD_THREADS'], message: `must be "auto" or a whole number from 1 to 256, got "${value}"` }]);
  }
  return n;
}

function parseGpu(value: string | undefined): 'auto' | false {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'false' || value === '0') return false;
  throw new InvalidArgumentError([{ path: ['CONCORD_GPU'], message: `must be "auto", "false" or "0", got "${value}"` }]);
}
