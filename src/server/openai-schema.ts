/**
 * The OpenAI request bodies the server takes, validated with zod. Fields clients commonly send but that change
 * nothing here (`user`, `metadata`, penalties, ...) are accepted and ignored, as OpenAI-compatible servers do;
 * fields Concord cannot honour (tools, images, several prompts) are a 400 naming the field.
 */
import { z } from 'zod';

const answerTypes = ['auto', 'number', 'choice', 'yes-no', 'text', 'math'] as const;

/** The `concord` extension object: the strategy and its main options, for clients that can send extra fields. */
export const concordRequestSchema = z.strictObject({
  strategy: z.string().min(1).optional(),
  paths: z.int().min(1).max(256).optional(),
  temperature: z.number().min(0).max(2).optional(),
  aggregation: z.enum(['majority', 'weighted-mean', 'weighted-sum']).optional(),
  answerType: z.enum(answerTypes).optional(),
  choices: z.array(z.string().regex(/^[A-Za-z]$/, 'must be one letter')).min(2).max(26).optional(),
  exemplars: z.string().min(1).optional(),
  base: z.enum(['chain-of-thought', 'zero-shot-cot']).optional(),
  earlyStop: z.string().min(1).optional(),
  batch: z.int().min(1).max(256).optional(),
});
export type ConcordRequest = z.output<typeof concordRequestSchema>;

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const contentSchema = z.union([z.string(), z.array(z.union([textPart, z.object({ type: z.string() }).loose()]))]).nullable();

const messageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: contentSchema.optional(),
    name: z.string().optional(),
  })
  .loose();

const stopSchema = z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).nullable().optional();

/** Sampling fields both endpoints share. */
const commonFields = {
  model: z.string().min(1),
  n: z.int().min(1).max(16).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  max_tokens: z.int().min(1).max(32_768).nullable().optional(),
  seed: z.int().min(0).max(2 ** 31 - 1).nullable().optional(),
  stop: stopSchema,
  concord: concordRequestSchema.optional(),
  // Accepted and ignored: they do not apply to reasoning strategies.
  user: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  frequency_penalty: z.number().optional(),
  presence_penalty: z.number().optional(),
};

export const chatCompletionRequestSchema = z
  .object({
    ...commonFields,
    messages: z.array(messageSchema).min(1),
    max_completion_tokens: z.int().min(1).max(32_768).nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.int().min(0).max(20).nullable().optional(),
    tools: z.array(z.unknown()).max(0, 'tools are not supported by reasoning strategies').optional(),
    tool_choice: z.unknown().optional(),
    response_format: z
      .object({ type: z.literal('text', 'only { "type": "text" } is supported') })
      .loose()
      .optional(),
  })
  .loose();
export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

export const completionRequestSchema = z
  .object({
    ...commonFields,
    // Arrays are checked in the route, so a batch of prompts gets its own message rather than zod's union one.
    prompt: z.union([z.string(), z.array(z.string())], 'must be a string'),
    logprobs: z.int().min(0).max(5).nullable().optional(),
    echo: z.literal(false, 'echo is not supported').optional(),
    suffix: z.null('suffix is not supported').optional(),
  })
  .loose();
export type CompletionRequest = z.output<typeof completionRequestSchema>;
