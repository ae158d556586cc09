import type { LanguageModel } from '../spec/model.js';
import { InvalidArgumentError, NoSuchModelError } from '../spec/errors/index.js';
import { readConfig } from '../config/index.js';
import { bundledModelPath } from './bundled-model.js';
import { LlamaModel } from './llama/index.js';
import { OpenAIModel } from './openai/index.js';

export interface OpenModelOptions {
  /**
   * A GGUF path, an `hf:` URI, or an OpenAI-compatible base URL (`http://127.0.0.1:8000/v1`).
   * @default CONCORD_MODEL, else the bundled model
   */
  readonly model?: string;
  /** The server's model id (OpenAI-compatible servers); when left out, the server's only model is used. */
  readonly modelId?: string;
  readonly endpoint?: 'completions' | 'chat';
  readonly apiKey?: string;
  /** llama.cpp only. */
  readonly threads?: number | 'auto';
  readonly sequences?: number;
  readonly contextSize?: number;
  readonly signal?: AbortSignal;
}

/** True for a server URL, false for a file path, `hf:` URI or a direct link to a .gguf file. */
export function isServerURL(model: string): boolean {
  return /^https?:\/\//i.test(model) && !/\.gguf(\?.*)?$/i.test(model);
}

/** Opens the model a user named: the one place that maps a model string to a backend. */
export async function openModel(options: OpenModelOptions = {}): Promise<LanguageModel> {
  const model = options.model ?? readConfig().model ?? bundledModelPath();
  if (model === undefined) {
    throw new NoSuchModelError('(none given)', 'pass a GGUF file or a server URL with --model, or set CONCORD_MODEL');
  }
  if (isServerURL(model)) {
    const llamaOnly = (['threads', 'contextSize'] as const).filter((key) => options[key] !== undefined);
    if (llamaOnly.length > 0) {
      throw new InvalidArgumentError(llamaOnly.map((key) => ({ path: [key], message: `applies to GGUF models run by llama.cpp, not to the server ${model}` })));
    }
    const modelId = options.modelId ?? (await onlyServedModel(model, options));
    return new OpenAIModel({
      baseURL: model,
      modelId,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.sequences === undefined ? {} : { maxConcurrentRequests: options.sequences }),
    });
  }
  if (options.modelId !== undefined || options.endpoint !== undefined || options.apiKey !== undefined) {
    const given = ['modelId', 'endpoint', 'apiKey'].filter((key) => options[key as keyof OpenModelOptions] !== undefined);
    throw new InvalidArgumentError(given.map((key) => ({ path: [key], message: `applies to OpenAI-compatible servers only, not to the GGUF model ${model}` })));
  }
  return LlamaModel.load({
    model,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.sequences === undefined ? {} : { sequences: options.sequences }),
    ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
  });
}

async function onlyServedModel(baseURL: string, options: OpenModelOptions): Promise<string> {
  const served = await OpenAIModel.listModels({
    baseURL,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const [first] = served;
  if (served.length === 1 && first) return first.id;
  const ids = served.map((m) => m.id).join(', ');
  throw new InvalidArgumentError([
    { path: ['modelId'], message: served.length === 0 ? `${baseURL} serves no models` : `${baseURL} serves several models (${ids}): pick one with --model-id` },
  ]);
}
