/**
 * OpenAI response objects built from a strategy's result: the fields clients rely on (`id`, `object`, `created`,
 * `model`, `choices`, `usage`) plus a `concord` extension with the answer, confidence, votes and paths.
 * The message content is the voted answer; the reasoning of a path that gave it is `reasoning_content`.
 */
import { randomBytes } from 'node:crypto';
import type { Completion } from '../spec/model.js';
import type { ReasoningPath, ReasoningResult } from '../spec/result.js';

export type Endpoint = 'chat' | 'completions';

export interface ChoiceOutcome {
  readonly result: ReasoningResult;
  /** The backend's completion of each path, by path index (token log-probabilities live there). */
  readonly completions: ReadonlyMap<number, Completion>;
  readonly warnings: readonly string[];
}

export interface OpenAIUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export function responseId(endpoint: Endpoint): string {
  return `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomBytes(12).toString('hex')}`;
}

/** The path that speaks for the result: the first that gave the voted answer, else the first path. */
export function representativePath(result: ReasoningResult): ReasoningPath | undefined {
  return result.paths.find((p) => result.answer !== null && p.answer === result.answer) ?? result.paths[0];
}

/** What the client reads as the reply: the voted answer, or the model's own text when no answer was extracted. */
export function answerText(result: ReasoningResult): string {
  return result.answer ?? representativePath(result)?.text.trim() ?? '';
}

export function finishReason(result: ReasoningResult): 'stop' | 'length' {
  return representativePath(result)?.finishReason.unified === 'length' ? 'length' : 'stop';
}

/** Every sampled path's tokens count: k paths cost k times, and the usage says so. */
export function usageOf(outcomes: readonly ChoiceOutcome[]): OpenAIUsage {
  const prompt = outcomes.reduce((sum, o) => sum + o.result.usage.inputTokens, 0);
  const completion = outcomes.reduce((sum, o) => sum + o.result.usage.outputTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The `concord` extension of one choice. */
export function concordExtension(outcome: ChoiceOutcome): Record<string, unknown> {
  const { result } = outcome;
  return {
    answer: result.answer,
    confidence: result.confidence,
    votes: result.votes,
    paths: result.paths.map((p) => ({
      index: p.index,
      text: p.text,
      answer: p.answer,
      rule: p.rule,
      tokens: p.tokens,
      finish_reason: p.finishReason.unified,
      ...(p.logprob === undefined ? {} : { logprob: p.logprob }),
    })),
    usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, seconds: result.usage.seconds },
    settings: result.settings,
    warnings: [...outcome.warnings, ...result.warnings],
  };
}

/** Token log-probabilities of the representative path, in the chat (`content: [...]`) or completions shape. */
function logprobsOf(outcome: ChoiceOutcome, endpoint: Endpoint): unknown {
  const path = representativePath(outcome.result);
  const tokens = path === undefined ? undefined : outcome.completions.get(path.index)?.logprobs?.tokens;
  if (tokens === undefined) return null;
  if (endpoint === 'chat') return { content: tokens.map((t) => ({ token: t.token, logprob: t.logprob, bytes: [...Buffer.from(t.token, 'utf8')], top_logprobs: [] })) };
  return { tokens: tokens.map((t) => t.token), token_logprobs: tokens.map((t) => t.logprob), top_logprobs: null, text_offset: null };
}

export interface ResponseMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly logprobs: boolean;
}

/** The whole response of either endpoint: a chat message (with the reasoning) or a text completion per choice. */
export function completionResponse(endpoint: Endpoint, meta: ResponseMeta, outcomes: readonly ChoiceOutcome[]): Record<string, unknown> {
  return {
    id: meta.id,
    object: endpoint === 'chat' ? 'chat.completion' : 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: outcomes.map((outcome, index) => ({
      index,
      ...(endpoint === 'chat'
        ? { message: { role: 'assistant', content: answerText(outcome.result), reasoning_content: representativePath(outcome.result)?.text ?? null, refusal: null } }
        : { text: answerText(outcome.result) }),
      logprobs: meta.logprobs ? logprobsOf(outcome, endpoint) : null,
      finish_reason: finishReason(outcome.result),
    })),
    usage: usageOf(outcomes),
    concord: outcomes.length === 1 ? concordExtension(outcomes[0] as ChoiceOutcome) : { choices: outcomes.map(concordExtension) },
  };
}

/** One streamed chunk of either endpoint, around a delta (chat) or a text piece (completions). */
export function chunk(
  meta: ResponseMeta,
  endpoint: Endpoint,
  choice: number,
  delta: { readonly role?: 'assistant'; readonly content?: string; readonly reasoning_content?: string },
  extras: { readonly finishReason?: 'stop' | 'length'; readonly concord?: Record<string, unknown>; readonly withUsageField?: boolean; readonly logprobs?: unknown } = {},
): Record<string, unknown> {
  const common = { id: meta.id, object: endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: meta.created, model: meta.model };
  const choiceBody =
    endpoint === 'chat'
      ? { index: choice, delta, logprobs: extras.logprobs ?? null, finish_reason: extras.finishReason ?? null }
      : { index: choice, text: delta.content ?? '', logprobs: extras.logprobs ?? null, finish_reason: extras.finishReason ?? null };
  return {
    ...common,
    choices: [choiceBody],
    ...(extras.withUsageField === true ? { usage: null } : {}),
    ...(extras.concord === undefined ? {} : { concord: extras.concord }),
  };
}

/** The last chunk when `stream_options.include_usage` is set: no choices, the usage of every path. */
export function usageChunk(meta: ResponseMeta, endpoint: Endpoint, usage: OpenAIUsage): Record<string, unknown> {
  return { id: meta.id, object: endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: meta.created, model: meta.model, choices: [], usage };
}

/** Streamed log-probabilities of a finished choice, in the endpoint's shape. */
export function streamedLogprobs(outcome: ChoiceOutcome, endpoint: Endpoint): unknown {
  return logprobsOf(outcome, endpoint);
}
