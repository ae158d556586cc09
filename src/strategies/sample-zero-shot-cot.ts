/**
 * Zero-shot-CoT sampling (Kojima et al. 2022): call 1 samples every reasoning z in one call; as each z arrives,
 * its answer call (call-1 prompt + z + " \n" + answer trigger) starts at once. Those prompts differ, so they are
 * one call per path, run in parallel; the backend's scheduler batches what it can.
 */
import { extractAnswer } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import type { Completion, CompletionLogprobs } from '../spec/model.js';
import type { ReasoningPath } from '../spec/result.js';
import {
  loadZeroShotCot,
  zeroShotCotAnswerJoint,
  zeroShotCotAnswerPrompt,
  zeroShotCotAnswerTrigger,
  zeroShotCotReasoningPrompt,
  type ZeroShotCotPrompts,
} from '../prompts/index.js';
import { followUpEach, type RunContext, type Sampling } from './run-context.js';
import type { Question } from './strategy.js';

export interface ZeroShotCotSampling {
  readonly prompts: ZeroShotCotPrompts;
  /** Call 1's prompt, `Q: {question}\nA: {reasoning trigger}`. */
  readonly reasoningPrompt: string;
  readonly answerTrigger: string;
  readonly stop: readonly string[];
  readonly maxReasoningTokens: number;
  readonly maxAnswerTokens: number;
  readonly samples: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly seed: number;
  readonly logprobs: boolean;
}

export async function sampleZeroShotCot(context: RunContext, sampling: ZeroShotCotSampling, spec: AnswerSpec): Promise<ReasoningPath[]> {
  const { prompts, reasoningPrompt, answerTrigger } = sampling;
  const joint = zeroShotCotAnswerJoint(prompts, answerTrigger);
  for (let index = 0; index < sampling.samples; index++) context.startPath(index);

  const answerCall = async (reasoning: Completion): Promise<ReasoningPath> => {
    const index = reasoning.index;
    context.delta(index, joint);
    let answer: Completion | undefined;
    // Greedy, as the paper's answer extraction: sampling belongs to the reasoning, not to reading its answer.
    for await (const completion of context.generate(
      {
        prompt: zeroShotCotAnswerPrompt(prompts, reasoningPrompt, reasoning.text, answerTrigger),
        samples: 1,
        temperature: 0,
        maxTokens: sampling.maxAnswerTokens,
        stop: sampling.stop,
        // The call is greedy, so the seed only has to be valid: wrap past the largest seed a backend takes.
        seed: (sampling.seed + index) % 2 ** 31,
        logprobs: sampling.logprobs,
      },
      () => index,
    )) {
      answer = completion;
    }
    if (answer === undefined) throw new Error(`${context.model.provider}/${context.model.modelId} returned no answer completion`);
    const merged = mergeCompletions(index, reasoning, joint, answer);
    const extracted = extractAnswer(answer.text, spec, { mode: 'answer-only' });
    const path: ReasoningPath = {
      index,
      text: merged.text,
      answer: extracted.answer,
      rule: extracted.rule,
      tokens: merged.outputTokens,
      ...(merged.logprobs === undefined ? {} : { logprob: merged.logprobs.sum, meanLogprob: merged.logprobs.mean }),
      finishReason: merged.finishReason,
    };
    context.endPath(path, merged);
    return path;
  };

  const reasonings = context.generate({
    prompt: reasoningPrompt,
    samples: sampling.samples,
    temperature: sampling.temperature,
    topK: sampling.topK,
    topP: sampling.topP,
    maxTokens: sampling.maxReasoningTokens,
    stop: sampling.stop,
    seed: sampling.seed,
    logprobs: sampling.logprobs,
  });
  return followUpEach(context, reasonings, answerCall);
}

/**
 * One completion for the whole path: the reasoning, the trigger joint and the answer as one text; tokens, usage
 * and log-probabilities of both calls (the trigger's tokens were not sampled, so they carry none). The finish
 * reason is the reasoning's: whether z was cut off by maxTokens is what matters; the short answer call nearly
 * always ends by length.
 */
function mergeCompletions(index: number, reasoning: Completion, joint: string, answer: Completion): Completion {
  const logprobs = mergeLogprobs(reasoning, answer);
  return {
    index,
    text: reasoning.text + joint + answer.text,
    outputTokens: reasoning.outputTokens + answer.outputTokens,
    inputTokens: reasoning.inputTokens + answer.inputTokens,
    finishReason: reasoning.finishReason,
    ...(logprobs === undefined ? {} : { logprobs }),
    warnings: [...new Set([...reasoning.warnings, ...answer.warnings])],
  };
}

function mergeLogprobs(reasoning: Completion, answer: Completion): CompletionLogprobs | undefined {
  const [a, b] = [reasoning.logprobs, answer.logprobs];
  if (a === undefined || b === undefined) return undefined;
  const count = (c: Completion, l: CompletionLogprobs): number => (l.tokens.length > 0 ? l.tokens.length : c.outputTokens);
  const n = count(reasoning, a) + count(answer, b);
  const sum = a.sum + b.sum;
  return { tokens: [...a.tokens, ...b.tokens], sum, mean: n > 0 ? sum / n : 0 };
}

/** The zero-shot-cot options zero-shot-cot and self-consistency share, resolved. */
export interface ZeroShotCotOptions {
  readonly reasoningTrigger?: string | undefined;
  readonly answerTrigger?: string | undefined;
  readonly maxReasoningTokens: number;
  readonly maxAnswerTokens: number;
  readonly stop?: readonly string[] | undefined;
  readonly logprobs: boolean;
  readonly seed: number;
}

/** Reads the triggers (defaults from zero-shot-cot.json), samples the paths; returns them with the settings used. */
export async function runZeroShotCot(
  context: RunContext,
  question: Question,
  options: ZeroShotCotOptions,
  sampling: Sampling,
): Promise<{ paths: ReasoningPath[]; settings: Record<string, unknown> }> {
  const prompts = await loadZeroShotCot();
  const reasoningTrigger = options.reasoningTrigger ?? prompts.reasoningTrigger;
  const answerTrigger = options.answerTrigger ?? zeroShotCotAnswerTrigger(prompts, question.answer);
  const stop = options.stop ?? prompts.stop;
  const paths = await sampleZeroShotCot(
    context,
    {
      ...sampling,
      prompts,
      reasoningPrompt: zeroShotCotReasoningPrompt(prompts, question.text, reasoningTrigger),
      answerTrigger,
      stop,
      maxReasoningTokens: options.maxReasoningTokens,
      maxAnswerTokens: options.maxAnswerTokens,
      seed: options.seed,
      logprobs: options.logprobs,
    },
    question.answer,
  );
  const settings = {
    prompts: prompts.id,
    reasoningTrigger,
    answerTrigger,
    ...sampling,
    maxReasoningTokens: options.maxReasoningTokens,
    maxAnswerTokens: options.maxAnswerTokens,
    stop,
    logprobs: options.logprobs,
    seed: options.seed,
  };
  return { paths, settings };
}
