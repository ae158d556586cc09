/** Sampling from a few-shot prompt: one call for all paths, each path read with the exemplars' answer phrase. */
import { DEFAULT_ANSWER_PHRASES, extractAnswer } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import type { Prompt } from '../spec/model.js';
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

/** All paths in ONE generate call (`samples: k`), so a backend can batch them and share the prompt prefix. */
export async function sampleFewShot(context: RunContext, sampling: FewShotSampling, spec: AnswerSpec): Promise<ReasoningPath[]> {
  const { answerPhrase, ...call } = sampling;
  // The set's phrase first; the defaults too, so "The answer is" still counts after a "So the answer is" set.
  const answerPhrases = [...new Set([answerPhrase, ...DEFAULT_ANSWER_PHRASES])];
  for (let index = 0; index < sampling.samples; index++) context.startPath(index);
  const paths: ReasoningPath[] = [];
  for await (const completion of context.generate(call)) {
    const path = pathFromCompletion(completion.index, completion, extractAnswer(completion.text, spec, { answerPhrases }));
    paths.push(path);
    context.endPath(path, completion);
  }
  return paths;
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
): Promise<{ paths: ReasoningPath[]; settings: Record<string, unknown> }> {
  const exemplars = await resolveExemplars(context, options.exemplars, question.answer);
  const built = fewShotPrompt(exemplars.set, question.text, { style, chat: options.chat });
  const stop = options.stop ?? built.stop;
  const call = { prompt: built.prompt, stop, answerPhrase: built.answerPhrase, maxTokens: options.maxTokens };
  const paths = await sampleFewShot(context, { ...sampling, ...call, seed: options.seed, logprobs: options.logprobs }, question.answer);
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
  };
  return { paths, settings };
}
