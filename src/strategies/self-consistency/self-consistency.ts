import { defineStrategy } from '../define-strategy.js';
import type { Sampling } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import { runZeroShotCot } from '../sample-zero-shot-cot.js';
import { parseStopRule } from '../../answers/index.js';
import type { EarlyStopping } from '../sample-few-shot.js';
import {
  misplacedOptionIssues,
  selfConsistencyBaseDefaults as defaults,
  selfConsistencyOptionsSchema,
  type SelfConsistencyOptions,
  type SelfConsistencyOptionsInput,
} from './self-consistency-options.js';

/**
 * Self-consistency (Wang et al. 2022): the base method's prompt sampled `paths` times, each answer extracted,
 * a vote. Not a separate engine: chain-of-thought or zero-shot-cot with sampling, plus the shared vote.
 * Chain-of-thought base: all paths in one generate call (`samples: paths`), so backends batch them.
 * Zero-shot-cot base: the reasoning of all paths in one call; then one answer call per path, started as each
 * reasoning finishes and run in parallel (the prompts differ, so they cannot be one `samples` call).
 */
export const selfConsistency = defineStrategy<SelfConsistencyOptions, SelfConsistencyOptionsInput>({
  name: 'self-consistency',
  aliases: ['sc'],
  description: 'Self-consistency (Wang et al. 2022): sample many chain-of-thought or zero-shot-cot paths, vote on the answer.',
  optionsSchema: selfConsistencyOptionsSchema,
  moreIssues: misplacedOptionIssues,
  async run(context, question, o) {
    const sampling: Sampling = { samples: o.paths, temperature: o.temperature, topK: o.topK, topP: o.topP };
    if (o.temperature === 0 && o.paths > 1) context.warn('temperature 0 samples the same path every time; the vote has one voter');
    const logprobs = o.logprobs || o.aggregation !== 'majority';
    const common = { stop: o.stop, logprobs, seed: o.seed };
    const earlyStop = earlyStopping(o);
    const { paths, settings } =
      o.base === 'chain-of-thought'
        ? await runFewShot(
            context,
            question,
            { ...common, exemplars: o.exemplars, chat: o.chat ?? defaults.chat, maxTokens: o.maxTokens ?? defaults.maxTokens },
            'cot',
            sampling,
            earlyStop,
          )
        : await runZeroShotCot(
            context,
            question,
            {
              ...common,
              reasoningTrigger: o.reasoningTrigger,
              answerTrigger: o.answerTrigger,
              maxReasoningTokens: o.maxReasoningTokens ?? defaults.maxReasoningTokens,
              maxAnswerTokens: o.maxAnswerTokens ?? defaults.maxAnswerTokens,
            },
            sampling,
          );
    return { paths, aggregation: o.aggregation, settings: { base: o.base, paths: o.paths, aggregation: o.aggregation, ...settings } };
  },
});

/** The early-stopping plan of the options; a window rule samples a window per call, as ESC does. */
function earlyStopping(o: SelfConsistencyOptions): EarlyStopping | undefined {
  if (o.earlyStop === undefined) return undefined;
  const rule = parseStopRule(o.earlyStop, ['earlyStop']);
  const window = /^\s*window\s*:\s*(\d+)/.exec(o.earlyStop);
  return { rule, batch: o.batch ?? (window ? Number(window[1]) : 4) };
}
