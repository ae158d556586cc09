import type { Completion, GenerateOptions, LanguageModel, ModelCapabilities } from '../spec/model.js';
import { AbortedError, DisposedError } from '../spec/errors/index.js';

/** What a mock completion may say; everything else is filled in. */
export type MockCompletion = string | (Partial<Omit<Completion, 'index'>> & { readonly text: string });

export type MockResponder = (options: GenerateOptions, sampleIndex: number, callIndex: number) => MockCompletion;

export interface MockLanguageModelOptions {
  /**
   * One completion for every sample, a list used in turn (sample after sample, call after call, cycling),
   * or a function of the options, the sample index and the call index.
   */
  readonly respond: MockCompletion | readonly MockCompletion[] | MockResponder;
  readonly provider?: string;
  readonly modelId?: string;
  readonly capabilities?: Partial<ModelCapabilities>;
}

/**
 * A deterministic stand-in for a model, for testing code that consumes the model interface (voting, strategies'
 * bookkeeping, the CLI's rendering). It records every call. It is no evidence that a method works on a real model.
 */
export class MockLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  /** The options of every `generate` call, in order. */
  readonly calls: GenerateOptions[] = [];
  #respond: MockResponder;
  #disposed = false;
  #served = 0;

  constructor(options: MockLanguageModelOptions) {
    this.provider = options.provider ?? 'mock';
    this.modelId = options.modelId ?? 'mock-model';
    this.capabilities = {
      logprobs: true,
      maxParallelSequences: 16,
      contextSize: 4096,
      nativeMultiSample: true,
      ...options.capabilities,
    };
    const respond = options.respond;
    if (typeof respond === 'function') this.#respond = respond;
    else if (Array.isArray(respond)) {
      const list = respond as readonly MockCompletion[];
      if (list.length === 0) throw new Error('MockLanguageModel: respond list is empty');
      this.#respond = () => list[this.#served++ % list.length] as MockCompletion;
    } else this.#respond = () => respond as MockCompletion;
  }

  async *generate(options: GenerateOptions): AsyncIterable<Completion> {
    if (this.#disposed) throw new DisposedError('MockLanguageModel');
    const callIndex = this.calls.length;
    this.calls.push(options);
    const samples = options.samples ?? 1;
    for (let index = 0; index < samples; index++) {
      if (options.signal?.aborted) throw new AbortedError('MockLanguageModel.generate', { cause: options.signal.reason });
      const made = this.#respond(options, index, callIndex);
      const partial = typeof made === 'string' ? { text: made } : made;
      options.onTextDelta?.(index, partial.text);
      yield {
        index,
        outputTokens: partial.text.split(/\s+/).filter(Boolean).length,
        inputTokens: index === 0 ? promptLength(options) : 0,
        finishReason: { unified: 'stop', raw: 'mock' },
        warnings: [],
        ...partial,
      };
    }
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

function promptLength(options: GenerateOptions): number {
  const text = typeof options.prompt === 'string' ? options.prompt : options.prompt.map((m) => m.content).join('\n');
  return text.split(/\s+/).filter(Boolean).length;
}
