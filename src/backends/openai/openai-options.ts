import { z } from 'zod';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';
import { readConfig, type Environment } from '../../config/index.js';
import { issuesFromZod } from '../../util/zod-issues.js';

/** The options of `new OpenAIModel(...)`, checked with zod; every problem is reported at once with its path. */
export const openAIModelOptionsSchema = z.strictObject({
  /** Base URL of the server's OpenAI API, including `/v1`, e.g. `http://127.0.0.1:8000/v1` (vLLM). */
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1' }),
  /** The `model` sent with every request, e.g. `Qwen/Qwen2.5-0.5B-Instruct` or `llama3.2:1b` (Ollama). */
  modelId: z.string().min(1),
  /**
   * Sent as `Authorization: Bearer <apiKey>`.
   * @default the environment's CONCORD_OPENAI_API_KEY, else OPENAI_API_KEY, else no header (local servers)
   */
  apiKey: z.string().min(1).optional(),
  /**
   * Which endpoint to call: `completions` (`/completions`, raw text) or `chat` (`/chat/completions`).
   * A text prompt sent to `chat` becomes one user message; messages cannot be sent to `completions`.
   * @default `completions` for a text prompt, `chat` for messages
   */
  endpoint: z.enum(['completions', 'chat']).optional(),
  /** HTTP requests in flight at once for this model, across all its calls. @default 8 */
  maxConcurrentRequests: z.number().int().min(1).default(8),
  /** Retries of a request after 408, 409, 429, 5xx, a time-out or a network error. @default 4 */
  maxRetries: z.number().int().min(0).default(4),
  /** Time-out of one HTTP request (one attempt), in ms. @default 120000 */
  timeoutMs: z.number().int().min(1).default(120_000),
  /**
   * Whether to ask for `samples` completions with `n` in one request. `auto`: ask, and if the server returns
   * fewer choices (Ollama returns one), sample the rest with single requests and remember that for this model.
   * `always`: ask every call and never remember a shortfall. `never`: always one request per completion.
   * @default 'auto'
   */
  nativeN: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Back-off before the first retry, doubled each retry, with jitter. @default 500 */
  retryBaseDelayMs: z.number().min(0).default(500),
  /** Ceiling of the back-off between retries (a server's Retry-After is honoured beyond it). @default 30000 */
  retryMaxDelayMs: z.number().min(0).default(30_000),
  /** A Retry-After longer than this fails the request instead of waiting. @default 60000 */
  maxRetryAfterMs: z.number().min(0).default(60_000),
  /** Whether the server reports log-probabilities (vLLM, llama.cpp server and OpenAI do). @default true */
  supportsLogprobs: z.boolean().default(true),
  /** Tokens the model's context holds, where you know it; remote servers do not say. @default undefined */
  contextSize: z.number().int().min(1).optional(),
  /** Extra headers sent with every request, e.g. `OpenAI-Organization`. @default {} */
  headers: z.record(z.string(), z.string()).default({}),
});

/** What the constructor accepts: defaults may be left out. */
export type OpenAIModelOptions = z.input<typeof openAIModelOptionsSchema>;
/** The options after defaults are applied and the API key is looked up. */
export type ResolvedOpenAIModelOptions = z.output<typeof openAIModelOptionsSchema>;

/**
 * The API key from the environment: CONCORD_OPENAI_API_KEY, else OPENAI_API_KEY; an empty value counts as unset.
 * The one place this backend touches the environment, and it goes through the config module that reads it all.
 */
export function readOpenAIApiKeyFromEnv(env: Environment = process.env): string | undefined {
  return readConfig(env).openaiApiKey;
}

/** Validates and fills in defaults; throws an InvalidArgumentError listing every bad field. */
export function resolveOpenAIModelOptions(
  options: OpenAIModelOptions,
  env: Environment = process.env,
): ResolvedOpenAIModelOptions {
  const parsed = openAIModelOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error.issues, 'OpenAIModel'));
  const apiKey = parsed.data.apiKey ?? readOpenAIApiKeyFromEnv(env);
  const { apiKey: _omitted, ...rest } = parsed.data;
  // Trailing slashes would double up when endpoint paths are appended.
  const baseURL = rest.baseURL.replace(/\/+$/, '');
  return apiKey === undefined ? { ...rest, baseURL } : { ...rest, baseURL, apiKey };
}

/** Turns zod's issues into ours, each path prefixed with what was being validated. */
export function zodIssues(issues: readonly z.core.$ZodIssue[], root: string): ArgumentIssue[] {
  return issuesFromZod(issues, [root]);
}
