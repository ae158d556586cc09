/**
 * The OpenAI wire format: request bodies for /completions and /chat/completions, zod schemas of their responses,
 * and the mapping of response choices to Concord completions (finish reasons, log-probabilities, token counts).
 */
import { z } from 'zod';
import type { ChatMessage, Completion, CompletionLogprobs, FinishReason, FinishReasonKind } from '../../spec/model.js';

export type Endpoint = 'completions' | 'chat';

export const ENDPOINT_PATHS: Readonly<Record<Endpoint, string>> = {
  completions: '/completions',
  chat: '/chat/completions',
};

/** The sampling settings of one HTTP request, already resolved from GenerateOptions. */
export interface WireRequest {
  readonly endpoint: Endpoint;
  readonly model: string;
  /** Text for `completions`, messages for `chat`. */
  readonly prompt: string | readonly ChatMessage[];
  /** Choices asked for in this request. */
  readonly n: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly maxTokens: number;
  readonly stop: readonly string[];
  readonly seed: number | undefined;
  readonly logprobs: boolean;
}

/**
 * The JSON body. Parameters at their "off" value are left out, because hosted APIs reject ones they do not know:
 * `top_k` (not OpenAI's, but vLLM, llama.cpp server and Ollama accept it) is sent only when topK > 0.
 * `max_tokens` rather than OpenAI's newer `max_completion_tokens`, since every compatible server reads it.
 */
export function requestBody(request: WireRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model };
  if (request.endpoint === 'completions') body['prompt'] = request.prompt;
  else body['messages'] = typeof request.prompt === 'string' ? [{ role: 'user', content: request.prompt }] : request.prompt;
  if (request.n > 1) body['n'] = request.n;
  // Always sent: server defaults differ (OpenAI's is 1, ours is 0).
  body['temperature'] = request.temperature;
  if (request.topP !== 1) body['top_p'] = request.topP;
  if (request.topK > 0) body['top_k'] = request.topK;
  body['max_tokens'] = request.maxTokens;
  if (request.stop.length > 0) body['stop'] = [...request.stop];
  if (request.seed !== undefined) body['seed'] = request.seed;
  // Completions take the number of top alternatives (1 = just the sampled token); chat takes a boolean.
  if (request.logprobs) body['logprobs'] = request.endpoint === 'completions' ? 1 : true;
  body['stream'] = false;
  return body;
}

const usageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative().optional(),
    completion_tokens: z.number().int().nonnegative().optional(),
  })
  .nullish();

const finishReasonSchema = z.string().nullish();

const completionsChoiceSchema = z.object({
  index: z.number().int().nonnegative().optional(),
  text: z.string(),
  finish_reason: finishReasonSchema,
  logprobs: z
    .object({
      tokens: z.array(z.string()).nullish(),
      // The first entry is null when the prompt is echoed; we never echo, but tolerate it.
      token_logprobs: z.array(z.number().nullable()).nullish(),
    })
    .nullish(),
});

const chatChoiceSchema = z.object({
  index: z.number().int().nonnegative().optional(),
  message: z.object({ content: z.string().nullish() }),
  finish_reason: finishReasonSchema,
  logprobs: z
    .object({ content: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish() })
    .nullish(),
});

export const completionsResponseSchema = z.object({ choices: z.array(completionsChoiceSchema), usage: usageSchema });
export const chatResponseSchema = z.object({ choices: z.array(chatChoiceSchema), usage: usageSchema });

export const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string(), owned_by: z.string().optional(), created: z.number().optional() })),
});

/** One choice, the same for both endpoints. */
export interface WireChoice {
  /** The choice's position among the request's choices. */
  readonly index: number;
  readonly text: string;
  readonly finishReason: FinishReason;
  /** Undefined when the server sent none. */
  readonly logprobs: CompletionLogprobs | undefined;
}

export interface WireResponse {
  readonly choices: readonly WireChoice[];
  readonly promptTokens: number | undefined;
  readonly completionTokens: number | undefined;
}

/** Parses a body into choices, or returns zod's description of what is wrong with it. */
export function parseResponse(endpoint: Endpoint, json: unknown): { ok: true; value: WireResponse } | { ok: false; problem: string } {
  const schema = endpoint === 'completions' ? completionsResponseSchema : chatResponseSchema;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    return { ok: false, problem };
  }
  const choices = parsed.data.choices.map((choice, position): WireChoice => {
    const text = 'text' in choice ? choice.text : (choice.message.content ?? '');
    const logprobs = 'text' in choice ? completionsLogprobs(choice.logprobs) : chatLogprobs(choice.logprobs);
    return { index: choice.index ?? position, text, finishReason: mapFinishReason(choice.finish_reason), logprobs };
  });
  return {
    ok: true,
    value: {
      choices,
      promptTokens: parsed.data.usage?.prompt_tokens,
      completionTokens: parsed.data.usage?.completion_tokens,
    },
  };
}

export function mapFinishReason(raw: string | null | undefined): FinishReason {
  const unified: FinishReasonKind =
    raw === 'stop' || raw === 'eos' ? 'stop' : raw === 'length' ? 'length' : raw === 'abort' ? 'abort' : raw === 'error' ? 'error' : 'other';
  return { unified, raw: raw ?? undefined };
}

type CompletionsLogprobs = z.infer<typeof completionsChoiceSchema>['logprobs'];
type ChatLogprobs = z.infer<typeof chatChoiceSchema>['logprobs'];

function completionsLogprobs(logprobs: CompletionsLogprobs): CompletionLogprobs | undefined {
  if (!logprobs?.tokens || !logprobs.token_logprobs) return undefined;
  const values = logprobs.token_logprobs;
  const tokens = logprobs.tokens.flatMap((token, i) => {
    const logprob = values[i];
    return logprob === null || logprob === undefined ? [] : [{ token, logprob }];
  });
  return summarise(tokens);
}

function chatLogprobs(logprobs: ChatLogprobs): CompletionLogprobs | undefined {
  if (!logprobs?.content) return undefined;
  return summarise(logprobs.content.map(({ token, logprob }) => ({ token, logprob })));
}

function summarise(tokens: CompletionLogprobs['tokens']): CompletionLogprobs {
  const sum = tokens.reduce((total, t) => total + t.logprob, 0);
  return { tokens, sum, mean: tokens.length === 0 ? 0 : sum / tokens.length };
}

/** Usual characters per token of English BPE vocabularies; used only when the server reports no usage at all. */
const CHARS_PER_TOKEN = 4;

/**
 * Tokens per choice. OpenAI-compatible servers report one `completion_tokens` total per response, so:
 * one choice → the total is its count; every choice with log-probabilities → their token counts; otherwise an
 * estimate, flagged with a warning: choices that ended by `length` used exactly maxTokens, and the rest of the
 * total is divided among the others in proportion to their text length (whole tokens, the sum kept exact).
 */
export function allocateOutputTokens(
  response: WireResponse,
  maxTokens: number,
): { readonly counts: number[]; readonly warning: string | undefined } {
  const { choices, completionTokens } = response;
  if (choices.length === 1 && completionTokens !== undefined) return { counts: [completionTokens], warning: undefined };
  if (choices.every((c) => c.logprobs !== undefined)) return { counts: choices.map((c) => c.logprobs?.tokens.length ?? 0), warning: undefined };
  const atLimit = choices.map((c) => c.finishReason.unified === 'length');
  if (completionTokens === undefined) {
    const counts = choices.map((c, i) => (atLimit[i] ? maxTokens : Math.min(maxTokens, Math.ceil(c.text.length / CHARS_PER_TOKEN))));
    return { counts, warning: 'outputTokens estimated from text length: the server reported no token usage' };
  }
  const limitedCount = atLimit.filter(Boolean).length;
  const rest = Math.max(0, completionTokens - limitedCount * maxTokens);
  const shares = divideProportionally(
    rest,
    choices.map((c) => c.text.length),
    atLimit.map((limited) => !limited),
    maxTokens,
  );
  const counts = choices.map((_, i) => (atLimit[i] ? maxTokens : (shares[i] ?? 0)));
  const over = completionTokens > choices.length * maxTokens ? `; that is more than ${choices.length} × max_tokens` : '';
  return {
    counts,
    warning:
      `outputTokens estimated: the server reported one total (completion_tokens=${completionTokens}) for ` +
      `${choices.length} choices, divided by text length${over}`,
  };
}

/**
 * Largest-remainder division of `total` into whole parts, one per eligible entry, proportional to `weights`
 * (equal when all are 0), each at most `cap`; the parts sum to `total` unless the caps forbid it.
 */
export function divideProportionally(
  total: number,
  weights: readonly number[],
  eligible: readonly boolean[],
  cap: number,
): number[] {
  const parts = weights.map(() => 0);
  const ids = weights.map((_, i) => i).filter((i) => eligible[i]);
  if (ids.length === 0) return parts;
  const raw = ids.map((i) => weights[i] ?? 0);
  const w = raw.every((x) => x === 0) ? raw.map(() => 1) : raw;
  const weightSum = w.reduce((s, x) => s + x, 0);
  const target = Math.min(total, cap * ids.length);
  const exact = ids.map((i, k) => ({ i, value: Math.min(cap, (target * (w[k] ?? 0)) / weightSum) }));
  for (const e of exact) parts[e.i] = Math.floor(e.value);
  let left = target - parts.reduce((s, x) => s + x, 0);
  // Caps can leave tokens over after one pass; hand them out again to whoever is still below the cap.
  while (left > 0) {
    const open = exact.filter((e) => (parts[e.i] ?? 0) < cap).sort((a, b) => (b.value % 1) - (a.value % 1));
    if (open.length === 0) break;
    for (const e of open) {
      if (left === 0) break;
      parts[e.i] = (parts[e.i] ?? 0) + 1;
      left--;
    }
  }
  return parts;
}

/**
 * Turns a parsed response into completions. `indices[j]` is the call's sample index for the request's choice j;
 * choices outside the request (a server that sent more, or repeated an index) are dropped.
 */
export function toCompletions(
  response: WireResponse,
  options: {
    readonly indices: readonly number[];
    readonly maxTokens: number;
    readonly logprobsAsked: boolean;
    readonly warnings: readonly string[];
  },
): Completion[] {
  const seen = new Set<number>();
  const choices = response.choices.filter((choice) => {
    if (choice.index >= options.indices.length || seen.has(choice.index)) return false;
    seen.add(choice.index);
    return true;
  });
  const kept: WireResponse = { ...response, choices };
  const { counts, warning } = allocateOutputTokens(kept, options.maxTokens);
  return choices.map((choice, position): Completion => {
    const warnings = [...options.warnings];
    if (warning !== undefined) warnings.push(warning);
    if (options.logprobsAsked && choice.logprobs === undefined) warnings.push('logprobs were asked for but the server returned none');
    const completion: Completion = {
      index: options.indices[choice.index] ?? choice.index,
      text: choice.text,
      outputTokens: counts[position] ?? 0,
      // The prompt is evaluated (and billed) once per HTTP request, so it is counted on that request's first choice.
      inputTokens: position === 0 ? (response.promptTokens ?? 0) : 0,
      finishReason: choice.finishReason,
      warnings,
    };
    return options.logprobsAsked && choice.logprobs !== undefined ? { ...completion, logprobs: choice.logprobs } : completion;
  });
}
