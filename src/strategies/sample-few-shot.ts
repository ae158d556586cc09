/** Sampling from a few-shot prompt: one call for all paths, each path read with the exemplars' answer phrase. */
import { DEFAULT_ANSWER_PHRASES, extractAnswer, type StopRule } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import type { Completion, Prompt } from '../spec/model.js';
import type { ReasoningPath } from '../spec/result.js';
import { fewShotPrompt, type ExemplarSet, type FewShotStyle } from '../prompts/index.js';
import { resolveExemplars } from './exemplars.js';
import { pathFromCompletion, type RunContext, type Sampling } from './run-context.js';
import type { Question } from './strategy.js';

export interface FewShotSampling {
  readonly prompt: Prompt;
  readonly stop: readonly string[];
  readonly answerPhrase: string;
  readonly maxTokens: number;
  readonly samples: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly seed: number;
  readonly logprobs: boolean;
}

/** Adaptive stopping: paths are sampled `batch` at a time, and the rule is asked after each finished path. */
export interface EarlyStopping {
  readonly rule: StopRule;
  readonly batch: number;
}

export interface SampledPaths {
  readonly paths: ReasoningPath[];
  /** Paths started but cancelled when the rule stopped (their tokens were not all generated). */
  readonly cancelled: number;
  /** The rule said stop before every path was sampled. */
  readonly stoppedEarly: boolean;
}

/**
 * Without early stopping, all paths in ONE generate call (`samples: k`), so a backend can batch them and share
 * the prompt prefix. With it, one call per batch; when the rule stops, the paths still running are cancelled
 * mid-batch (a `path-end` with finish reason `abort` tells listeners) and no later batch starts.
 */
export async function sampleFewShot(context: RunContext, sampling: FewShotSampling, spec: AnswerSpec, earlyStop?: EarlyStopping): Promise<SampledPaths> {
  const { answerPhrase, ...call } = sampling;
  // The set's phrase first; the defaults too, so "The answer is" still counts after a "So the answer is" set.
  const answerPhrases = [...new Set([answerPhrase, ...DEFAULT_ANSWER_PHRASES])];
  const batch = earlyStop === undefined ? sampling.samples : Math.min(earlyStop.batch, sampling.samples);
  const paths: ReasoningPath[] = [];
  const counts = new Map<string, number>();
  const answers: (string | null)[] = [];
  let cancelled = 0;
  let stoppedEarly = false;
  for (let offset = 0; offset < sampling.samples && !stoppedEarly; offset += batch) {
    const size = Math.min(batch, sampling.samples - offset);
    for (let index = offset; index < offset + size; index++) context.startPath(index);
    const stop = earlyStop === undefined ? undefined : new AbortController();
    const finished = new Set<number>();
    const completions = context.generate({ ...call, samples: size, seed: sampling.seed + offset }, (sample) => offset + sample, stop?.signal);
    for await (const completion of completions) {
      const index = offset + completion.index;
      const path = pathFromCompletion(index, completion, extractAnswer(completion.text, spec, { answerPhrases }));
      paths.push(path);
      finished.add(index);
      context.endPath(path, completion);
      if (earlyStop === undefined) continue;
      answers.push(path.answer);
      if (path.answer !== null) counts.set(path.answer, (counts.get(path.answer) ?? 0) + 1);
      if (earlyStop.rule.shouldStop([...counts.values()], answers)) {
        stoppedEarly = paths.length < sampling.samples;
        stop?.abort(new Error(`early stop: ${earlyStop.rule.name}`));
        break;
      }
    }
    for (let index = offset; index < offset + size; index++) {
      if (finished.has(index)) continue;
      cancelled++;
      const completion = cancelledCompletion(index);
      context.endPath(pathFromCompletion(index, completion, { answer: null, rule: null }), completion);
    }
  }
  return { paths, cancelled, stoppedEarly };
}

function cancelledCompletion(index: number): Completion {
  return { index, text: '', outputTokens: 0, inputTokens: 0, finishReason: { unified: 'abort', raw: 'early-stop' }, warnings: [] };
}

/** The few-shot options direct, chain-of-thought and self-consistency share, resolved. */
export interface FewShotOptions {
  /** A set id, a .json path, or a set object (a task's in-memory set). */
  readonly exemplars?: string | ExemplarSet | undefined;
  readonly chat: boolean;
  readonly maxTokens: number;
  readonly stop?: readonly string[] | undefined;
  readonly logprobs: boolean;
  readonly seed: number;
}

/** Resolves the exemplars, builds the prompt, samples the paths; returns them with the settings used. */
export async function runFewShot(
  context: RunContext,
  question: Question,
  options: FewShotOptions,
  style: FewShotStyle,
  sampling: Sampling,
  earlyStop?: EarlyStopping,
): Promise<{ paths: ReasoningPath[]; settings: Record<string, unknown> }> {
  const exemplars = await resolveExemplars(context, options.exemplars, question.answer);
  const built = fewShotPrompt(exemplars.set, question.text, { style, chat: options.chat });
  const stop = options.stop ?? built.stop;
  const call = { prompt: built.prompt, stop, answerPhrase: built.answerPhrase, maxTokens: options.maxTokens };
  const sampled = await sampleFewShot(context, { ...sampling, ...call, seed: options.seed, logprobs: options.logprobs }, question.answer, earlyStop);
  const settings = {
    ...exemplars.settings,
    style,
    chat: options.chat,
    answerPhrase: built.answerPhrase,
    ...sampling,
    maxTokens: options.maxTokens,
    stop,
    logprobs: options.logprobs,
    seed: options.seed,
    ...(earlyStop === undefined
      ? {}
      : { earlyStop: earlyStop.rule.name, batch: earlyStop.batch, pathsUsed: sampled.paths.length, pathsCancelled: sampled.cancelled, stoppedEarly: sampled.stoppedEarly }),
  };
  return { paths: sampled.paths, settings };
}
