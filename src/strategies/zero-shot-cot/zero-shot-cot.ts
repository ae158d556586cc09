import { defineStrategy } from '../define-strategy.js';
import { GREEDY } from '../run-context.js';
import { runZeroShotCot } from '../sample-zero-shot-cot.js';
import { zeroShotCotOptionsSchema, type ZeroShotCotOptions, type ZeroShotCotOptionsInput } from './zero-shot-cot-options.js';

/**
 * Zero-shot chain-of-thought (Kojima et al. 2022), greedy: call 1 "Q: …\nA: Let's think step by step." writes
 * the reasoning; call 2 appends it, " \n" and the answer trigger, and the answer is read from its short
 * continuation ('answer-only' extraction, Table 11). The path's text is reasoning + " \n" + trigger + answer.
 */
export const zeroShotCot = defineStrategy<ZeroShotCotOptions, ZeroShotCotOptionsInput>({
  name: 'zero-shot-cot',
  aliases: ['zs-cot'],
  description: `Zero-shot chain-of-thought (Kojima et al. 2022): "Let's think step by step.", then an answer trigger; greedy.`,
  optionsSchema: zeroShotCotOptionsSchema,
  run: (context, question, options) => runZeroShotCot(context, question, options, GREEDY),
});
