import type { ReasoningEvent } from '../../spec/result.js';
import { eventStream } from '../event-stream.js';
import { GREEDY, RunContext } from '../run-context.js';
import { runZeroShotCot } from '../sample-zero-shot-cot.js';
import { baseSettings } from '../settings.js';
import { prepare, type Strategy } from '../strategy.js';
import { zeroShotCotOptionsSchema, type ZeroShotCotOptions, type ZeroShotCotOptionsInput } from './zero-shot-cot-options.js';

/**
 * Zero-shot chain-of-thought (Kojima et al. 2022), greedy: call 1 "Q: …\nA: Let's think step by step." writes
 * the reasoning; call 2 appends it, " \n" and the answer trigger, and the answer is read from its short
 * continuation ('answer-only' extraction, Table 11). The path's text is reasoning + " \n" + trigger + answer.
 */
export const zeroShotCot: Strategy<ZeroShotCotOptions, ZeroShotCotOptionsInput> = {
  name: 'zero-shot-cot',
  aliases: ['zs-cot'],
  description: `Zero-shot chain-of-thought (Kojima et al. 2022): "Let's think step by step.", then an answer trigger; greedy.`,
  optionsSchema: zeroShotCotOptionsSchema,
  check(question, options): void {
    prepare(zeroShotCotOptionsSchema, options, question);
  },
  stream(model, question, options, signal): AsyncIterable<ReasoningEvent> {
    return eventStream<ReasoningEvent>(
      'zero-shot-cot',
      async (sink) => {
        const resolved = prepare(zeroShotCotOptionsSchema, options, question);
        const context = new RunContext(model, sink, 'zero-shot-cot');
        const { paths, settings } = await runZeroShotCot(context, question, resolved, GREEDY);
        context.finish(paths, question.answer, 'majority', { ...baseSettings('zero-shot-cot', model, question), ...settings });
      },
      signal,
    );
  },
};
