import { defineStrategy } from '../define-strategy.js';
import { GREEDY } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import { directOptionsSchema, type DirectOptions, type DirectOptionsInput } from './direct-options.js';

/** Standard few-shot prompting: the exemplars' questions with their answers only, greedy decoding, one path. */
export const direct = defineStrategy<DirectOptions, DirectOptionsInput>({
  name: 'direct',
  aliases: [],
  description: 'Standard few-shot prompting: exemplars with answers only, one greedy completion.',
  optionsSchema: directOptionsSchema,
  run: (context, question, options) => runFewShot(context, question, options, 'direct', GREEDY),
});
