import type { ReasoningEvent } from '../../spec/result.js';
import { eventStream } from '../event-stream.js';
import { GREEDY, RunContext } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import { baseSettings } from '../settings.js';
import { prepare, type Strategy } from '../strategy.js';
import { directOptionsSchema, type DirectOptions, type DirectOptionsInput } from './direct-options.js';

/** Standard few-shot prompting: the exemplars' questions with their answers only, greedy decoding, one path. */
export const direct: Strategy<DirectOptions, DirectOptionsInput> = {
  name: 'direct',
  aliases: [],
  description: 'Standard few-shot prompting: exemplars with answers only, one greedy completion.',
  optionsSchema: directOptionsSchema,
  check(question, options): void {
    prepare(directOptionsSchema, options, question);
  },
  stream(model, question, options, signal): AsyncIterable<ReasoningEvent> {
    return eventStream<ReasoningEvent>(
      'direct',
      async (sink) => {
        const resolved = prepare(directOptionsSchema, options, question);
        const context = new RunContext(model, sink, 'direct');
        const { paths, settings } = await runFewShot(context, question, resolved, 'direct', GREEDY);
        context.finish(paths, question.answer, 'majority', { ...baseSettings('direct', model, question), ...settings });
      },
      signal,
    );
  },
};
