import type { ReasoningEvent } from '../../spec/result.js';
import { eventStream } from '../event-stream.js';
import { GREEDY, RunContext } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import { baseSettings } from '../settings.js';
import { prepare, type Strategy } from '../strategy.js';
import {
  chainOfThoughtOptionsSchema,
  type ChainOfThoughtOptions,
  type ChainOfThoughtOptionsInput,
} from './chain-of-thought-options.js';

/** Few-shot chain-of-thought (Wei et al. 2022): exemplars with their reasoning, greedy decoding, one path. */
export const chainOfThought: Strategy<ChainOfThoughtOptions, ChainOfThoughtOptionsInput> = {
  name: 'chain-of-thought',
  aliases: ['cot'],
  description: 'Few-shot chain-of-thought (Wei et al. 2022): exemplars with reasoning, one greedy completion.',
  optionsSchema: chainOfThoughtOptionsSchema,
  check(question, options): void {
    prepare(chainOfThoughtOptionsSchema, options, question);
  },
  stream(model, question, options, signal): AsyncIterable<ReasoningEvent> {
    return eventStream<ReasoningEvent>(
      'chain-of-thought',
      async (sink) => {
        const resolved = prepare(chainOfThoughtOptionsSchema, options, question);
        const context = new RunContext(model, sink, 'chain-of-thought');
        const { paths, settings } = await runFewShot(context, question, resolved, 'cot', GREEDY);
        context.finish(paths, question.answer, 'majority', { ...baseSettings('chain-of-thought', model, question), ...settings });
      },
      signal,
    );
  },
};
