import { defineStrategy } from '../define-strategy.js';
import type { Sampling } from '../run-context.js';
import {
  PAL_SAMPLING_DEFAULTS,
  programAidedOptionsSchema,
  type ProgramAidedOptions,
  type ProgramAidedOptionsInput,
} from './program-aided-options.js';
import { runProgramAided } from './sample-programs.js';

/**
 * Program-aided reasoning (PAL, Gao et al. 2022): few-shot exemplars whose reasoning is a JavaScript
 * `solution()`; the model writes one, Concord runs it in a QuickJS (WebAssembly) sandbox with time and memory
 * limits, and its return value is the answer. A program that fails is a kept abstention whose rule names the
 * failure (`program-timeout`, ...), with the error in the warnings. With `paths` > 1 it is self-consistency over
 * programs (PAL's own sampled variant): k programs in one call, each run, a majority vote on their results.
 */
export const programAided = defineStrategy<ProgramAidedOptions, ProgramAidedOptionsInput>({
  name: 'program-aided',
  aliases: ['pal'],
  description: 'Program-aided reasoning (PAL, Gao et al. 2022): the model writes a JavaScript solution(), run in a sandbox; paths > 1 vote on the results.',
  optionsSchema: programAidedOptionsSchema,
  async run(context, question, o) {
    const sampling = samplingOf(o);
    if (sampling.temperature === 0 && o.paths > 1) context.warn('temperature 0 samples the same path every time; the vote has one voter');
    const { paths, settings } = await runProgramAided(context, question, o, sampling);
    return { paths, settings: { paths: o.paths, ...settings } };
  },
});

/** One path decodes greedily; more sample at self-consistency's settings unless told otherwise. */
function samplingOf(o: ProgramAidedOptions): Sampling {
  const sampled = o.paths > 1;
  return {
    samples: o.paths,
    temperature: o.temperature ?? (sampled ? PAL_SAMPLING_DEFAULTS.temperature : 0),
    topK: o.topK ?? (sampled ? PAL_SAMPLING_DEFAULTS.topK : 0),
    topP: o.topP,
  };
}
