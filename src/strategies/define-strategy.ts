/**
 * A strategy from what is its own: its names, its options schema, and how it samples paths for one question. The
 * rest is the same for every strategy and lives here once: the options and the question checked together (by
 * `check` and at the start of `stream`), the event stream, the run context, and the result with the common
 * settings first.
 */
import type { ArgumentIssue } from '../spec/errors/index.js';
import type { LanguageModel } from '../spec/model.js';
import type { Aggregation } from '../spec/answer.js';
import type { ReasoningEvent, ReasoningPath } from '../spec/result.js';
import { eventStream } from './event-stream.js';
import { RunContext } from './run-context.js';
import { baseSettings } from './settings.js';
import { prepare, type Question, type Strategy } from './strategy.js';

/** What a strategy's run gives back: its paths and its settings; the vote is RunContext.finish's. */
export interface StrategyRun {
  readonly paths: readonly ReasoningPath[];
  /** Recorded in the result after the common settings (strategy, model, answer type). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** @default 'majority' */
  readonly aggregation?: Aggregation;
}

export interface StrategyDefinition<Options, OptionsInput> extends Omit<Strategy<Options, OptionsInput>, 'stream' | 'check'> {
  /** Problems the schema cannot see (e.g. an option that belongs to another base), reported with its own. */
  readonly moreIssues?: (options: OptionsInput | undefined) => readonly ArgumentIssue[];
  /** Samples the paths for one question, emitting through `context`; options are checked already. */
  run(context: RunContext, question: Question, options: Options, model: LanguageModel): Promise<StrategyRun>;
}

export function defineStrategy<Options, OptionsInput>(definition: StrategyDefinition<Options, OptionsInput>): Strategy<Options, OptionsInput> {
  const { moreIssues, run, ...identity } = definition;
  const checked = (question: Question, options: OptionsInput | undefined): Options =>
    prepare(definition.optionsSchema, options, question, moreIssues?.(options) ?? []);
  return {
    ...identity,
    check(question, options): void {
      checked(question, options);
    },
    stream(model, question, options, signal): AsyncIterable<ReasoningEvent> {
      return eventStream<ReasoningEvent>(
        definition.name,
        async (sink) => {
          const resolved = checked(question, options);
          const context = new RunContext(model, sink, definition.name);
          const { paths, settings, aggregation } = await run(context, question, resolved, model);
          context.finish(paths, question.answer, aggregation ?? 'majority', { ...baseSettings(definition.name, model, question), ...settings });
        },
        signal,
      );
    },
  };
}
