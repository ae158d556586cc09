import { defineStrategy } from '../define-strategy.js';
import { GREEDY } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import {
  chainOfThoughtOptionsSchema,
  type ChainOfThoughtOptions,
  type ChainOfThoughtOptionsInput,
} from './chain-of-thought-options.js';

/** Few-shot chain-of-thought (Wei et al. 2022): exemplars with their reasoning, greedy decoding, one path. */
export const chainOfThought = defineStrategy<ChainOfThoughtOptions, ChainOfThoughtOptionsInput>({
  name: 'chain-of-thought',
  aliases: ['cot'],
  description: 'Few-shot chain-of-thought (Wei et al. 2022): exemplars with reasoning, one greedy completion.',
  optionsSchema: chainOfThoughtOptionsSchema,
  run: (context, question, options) => runFewShot(context, question, options, 'cot', GREEDY),
});
