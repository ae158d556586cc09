/**
 * Self-consistency as Vercel AI SDK middleware: `wrapLanguageModel({ model, middleware: selfConsistency({ paths:
 * 16, answerType: 'number' }) })` makes `generateText` and `streamText` sample `paths` completions through the
 * user's own provider, extract each answer with Concord's extractors, and return the voted answer, the vote in
 * `providerMetadata.concord`. Only types come from `@ai-sdk/provider`, so Concord needs no AI SDK at run time.
 */
import type {
  JSONObject,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4Middleware,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { z } from 'zod';
import { checkSpec, extractAnswer, vote } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { issuesFromZod } from '../util/zod-issues.js';

const optionsSchema = z.strictObject({
  /** Completions sampled per call. @default 8 */
  paths: z.int().min(1).max(256).default(8),
  /** How each completion's answer is read. @default { type: 'number' } */
  answer: z.custom<AnswerSpec>((value) => typeof value === 'object' && value !== null && 'type' in value).default({ type: 'number' }),
  /** Sampling temperature of every path (the call's own temperature is replaced). @default 0.7 */
  temperature: z.number().min(0).max(2).default(0.7),
  /** Paths requested at once from the provider. @default 4 */
  concurrency: z.int().min(1).max(64).default(4),
  /** Base seed: path i is sampled with seed + i, where the provider takes seeds. @default the call's seed, else 0 */
  seed: z.int().min(0).optional(),
});

export type SelfConsistencyMiddlewareOptions = z.input<typeof optionsSchema>;

/** What `providerMetadata.concord` holds after a call. */
export interface SelfConsistencyMetadata extends JSONObject {
  answer: string | null;
  confidence: number;
  votes: { answer: string; count: number; share: number }[];
  paths: { index: number; answer: string | null; text: string }[];
}

export function selfConsistency(options: SelfConsistencyMiddlewareOptions = {}): LanguageModelV4Middleware {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidArgumentError(issuesFromZod(parsed.error.issues));
  const settings = parsed.data;
  checkSpec(settings.answer, ['answer']);

  const sample = async (doGenerate: (params: LanguageModelV4CallOptions) => PromiseLike<LanguageModelV4GenerateResult>, params: LanguageModelV4CallOptions) => {
    const base = settings.seed ?? params.seed ?? 0;
    const results: LanguageModelV4GenerateResult[] = new Array(settings.paths);
    let next = 0;
    // A small pool of workers: providers rate-limit, and most cannot return several completions in one call.
    const worker = async (): Promise<void> => {
      while (next < settings.paths) {
        const index = next++;
        results[index] = await doGenerate({ ...params, temperature: settings.temperature, seed: base + index });
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, settings.paths) }, worker));
    return voted(results, settings.answer);
  };

  return {
    specificationVersion: 'v4',
    wrapGenerate: async ({ params, model }) => (await sample((p) => model.doGenerate(p), params)).result,
    wrapStream: async ({ params, model }) => {
      const { result, metadata } = await sample((p) => model.doGenerate(p), params);
      return { stream: streamOf(result, metadata), ...(result.request === undefined ? {} : { request: result.request }) };
    },
  };
}

function textOf(content: readonly LanguageModelV4Content[]): string {
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** The vote over the paths, and the result of a path that gave the winning answer with everyone's usage. */
function voted(results: readonly LanguageModelV4GenerateResult[], spec: AnswerSpec): { result: LanguageModelV4GenerateResult; metadata: SelfConsistencyMetadata } {
  const paths = results.map((result, index) => {
    const text = textOf(result.content);
    return { index, text, answer: extractAnswer(text, spec).answer };
  });
  const outcome = vote(paths.map((p) => ({ answer: p.answer })), { aggregation: 'majority', spec });
  const winner = paths.find((p) => outcome.answer !== null && p.answer === outcome.answer) ?? paths[0];
  const chosen = results[winner?.index ?? 0] as LanguageModelV4GenerateResult;
  const metadata: SelfConsistencyMetadata = {
    answer: outcome.answer,
    confidence: outcome.confidence,
    votes: outcome.votes.map((v) => ({ answer: v.answer, count: v.count, share: v.share })),
    paths,
  };
  return {
    result: { ...chosen, usage: totalUsage(results.map((r) => r.usage)), providerMetadata: { ...chosen.providerMetadata, concord: metadata } },
    metadata,
  };
}

function totalUsage(usages: readonly LanguageModelV4Usage[]): LanguageModelV4Usage {
  const sum = (pick: (u: LanguageModelV4Usage) => number | undefined): number | undefined =>
    usages.some((u) => pick(u) !== undefined) ? usages.reduce((total, u) => total + (pick(u) ?? 0), 0) : undefined;
  return {
    inputTokens: {
      total: sum((u) => u.inputTokens.total),
      noCache: sum((u) => u.inputTokens.noCache),
      cacheRead: sum((u) => u.inputTokens.cacheRead),
      cacheWrite: sum((u) => u.inputTokens.cacheWrite),
    },
    outputTokens: { total: sum((u) => u.outputTokens.total), text: sum((u) => u.outputTokens.text), reasoning: sum((u) => u.outputTokens.reasoning) },
  };
}

/** The voted result as a stream: the winning path's text, then `finish` with the vote in its provider metadata. */
function streamOf(result: LanguageModelV4GenerateResult, metadata: SelfConsistencyMetadata): ReadableStream<LanguageModelV4StreamPart> {
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings: result.warnings },
    { type: 'text-start', id: '0' },
    { type: 'text-delta', id: '0', delta: textOf(result.content) },
    { type: 'text-end', id: '0' },
    { type: 'finish', usage: result.usage, finishReason: result.finishReason, providerMetadata: { ...result.providerMetadata, concord: metadata } },
  ];
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}
