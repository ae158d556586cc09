/** The bookkeeping of one question: events, usage over every call, warnings, and the final vote and result. */
import { vote, type VoteInput } from '../answers/index.js';
import type { Aggregation, AnswerSpec } from '../spec/answer.js';
import type { Completion, GenerateOptions, LanguageModel } from '../spec/model.js';
import type { ReasoningEvent, ReasoningPath, ReasoningResult } from '../spec/result.js';
import { asAbortedError, throwIfAborted, type EventSink } from './event-stream.js';

export type CallOptions = Omit<GenerateOptions, 'signal' | 'onTextDelta'>;

/** How the paths of one question are sampled. */
export interface Sampling {
  readonly samples: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
}

/** One path, greedy: the single-path strategies. */
export const GREEDY: Sampling = { samples: 1, temperature: 0, topK: 0, topP: 1 };

export class RunContext {
  readonly model: LanguageModel;
  readonly #sink: EventSink<ReasoningEvent>;
  readonly #operation: string;
  readonly #started = performance.now();
  readonly #warnings = new Set<string>();
  #inputTokens = 0;
  #outputTokens = 0;

  constructor(model: LanguageModel, sink: EventSink<ReasoningEvent>, operation: string) {
    this.model = model;
    this.#sink = sink;
    this.#operation = operation;
  }

  get signal(): AbortSignal {
    return this.#sink.signal;
  }

  /** Stops every other call of this run (one of several parallel calls failed). */
  abort(reason: unknown): void {
    this.#sink.abort(reason);
  }

  throwIfAborted(): void {
    throwIfAborted(this.#sink.signal, this.#operation);
  }

  warn(message: string): void {
    this.#warnings.add(message);
  }

  startPath(index: number): void {
    this.#sink.emit({ type: 'path-start', index });
  }

  /** Text that belongs to a path without coming from the model (zero-shot-cot's answer trigger). */
  delta(index: number, delta: string): void {
    this.#sink.emit({ type: 'text-delta', index, delta });
  }

  endPath(path: ReasoningPath, completion: Completion): void {
    this.#sink.emit({ type: 'path-end', path, completion });
  }

  /**
   * One model call. Text deltas of sample i are forwarded as path `pathOf(i)`; every completion's usage and
   * warnings are recorded as it arrives. An error while the run is aborted becomes an AbortedError.
   */
  async *generate(options: CallOptions, pathOf: (sample: number) => number = (sample) => sample, stopSignal?: AbortSignal): AsyncIterable<Completion> {
    this.throwIfAborted();
    // `stopSignal` ends this call only (an early stop); the run's own signal ends everything.
    const signal = stopSignal === undefined ? this.#sink.signal : AbortSignal.any([this.#sink.signal, stopSignal]);
    try {
      const completions = this.model.generate({
        ...options,
        signal,
        onTextDelta: (sample, delta) => this.delta(pathOf(sample), delta),
      });
      for await (const completion of completions) {
        this.#inputTokens += completion.inputTokens;
        this.#outputTokens += completion.outputTokens;
        for (const warning of completion.warnings) this.warn(warning);
        yield completion;
      }
    } catch (error) {
      if (stopSignal?.aborted === true && !this.#sink.signal.aborted) return;
      throw asAbortedError(signal, this.#operation, error);
    }
    this.throwIfAborted();
  }

  /**
   * Votes over the paths and emits `vote-end` and `end`. Abstentions never vote. A weighted aggregation
   * over paths without log-probabilities falls back to majority, with a warning.
   */
  finish(paths: readonly ReasoningPath[], spec: AnswerSpec, aggregation: Aggregation, settings: Readonly<Record<string, unknown>>): ReasoningResult {
    this.throwIfAborted();
    const sorted = [...paths].sort((a, b) => a.index - b.index);
    let used = aggregation;
    if (aggregation !== 'majority' && sorted.some((path) => path.answer !== null && (path.logprob === undefined || path.meanLogprob === undefined))) {
      this.warn(`${aggregation} voting needs log-probabilities, which ${this.model.provider}/${this.model.modelId} did not give; voted by majority`);
      used = 'majority';
    }
    const outcome = vote(sorted.map(voteInput), { aggregation: used, spec });
    this.#sink.emit({ type: 'vote-end', answer: outcome.answer, confidence: outcome.confidence, votes: outcome.votes });
    const result: ReasoningResult = {
      answer: outcome.answer,
      confidence: outcome.confidence,
      votes: outcome.votes,
      paths: sorted,
      usage: {
        inputTokens: this.#inputTokens,
        outputTokens: this.#outputTokens,
        seconds: (performance.now() - this.#started) / 1000,
      },
      settings,
      warnings: [...this.#warnings],
    };
    this.#sink.emit({ type: 'end', result });
    return result;
  }
}

function voteInput(path: ReasoningPath): VoteInput {
  return {
    answer: path.answer,
    ...(path.logprob === undefined ? {} : { logprob: path.logprob }),
    ...(path.meanLogprob === undefined ? {} : { meanLogprob: path.meanLogprob }),
  };
}

/** A path from one completion and the answer extracted from its text. */
export function pathFromCompletion(index: number, completion: Completion, extracted: { answer: string | null; rule: string | null }): ReasoningPath {
  return {
    index,
    text: completion.text,
    answer: extracted.answer,
    rule: extracted.rule,
    tokens: completion.outputTokens,
    ...(completion.logprobs === undefined ? {} : { logprob: completion.logprobs.sum, meanLogprob: completion.logprobs.mean }),
    finishReason: completion.finishReason,
  };
}

/**
 * Two-stage methods (zero-shot-cot's answer calls, least-to-most's sub-questions): `followUp` starts for each
 * completion of the first call as it arrives, all in parallel. The first failure in time is the one reported; it
 * stops the other calls (they then fail as aborted). Follow-ups that give undefined are left out.
 */
export async function followUpEach<T>(context: RunContext, first: AsyncIterable<Completion>, followUp: (completion: Completion) => Promise<T | undefined>): Promise<T[]> {
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = { error };
    context.abort(error);
  };
  const pending: Promise<T | undefined>[] = [];
  try {
    for await (const completion of first) pending.push(followUp(completion).catch((error: unknown) => void fail(error)));
  } catch (error) {
    fail(error);
  }
  const results = await Promise.all(pending);
  if (failure !== undefined) throw failure.error;
  return results.filter((result): result is Awaited<T> => result !== undefined);
}
