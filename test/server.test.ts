/**
 * `concord serve` for real: the bundled Concord Mini through llama.cpp, a real HTTP server on loopback, and the
 * clients users have — the official `openai` package and the Vercel AI SDK's OpenAI-compatible provider — plus
 * the CLI process itself, stopped with SIGTERM while it answers.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModel } from '../src/backends/index.js';
import { Engine, startServer, type RunningServer } from '../src/server/index.js';
import { startServeProcess } from './fixtures/serve-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
const ARITHMETIC = { exemplars: 'concord-arithmetic' };

let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  const engine = new Engine({ model: await openModel() });
  server = await startServer({ engine, port: 0, apiKey: 'test-key' });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** The `concord` extension is not in the openai package's types. */
type WithConcord<T> = T & { concord: { answer: string | null; confidence: number; votes: { answer: string; count: number }[]; paths: { answer: string | null; tokens: number }[] } };

describe('the openai client', () => {
  it('lists the models with their strategy prefixes', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['concord-mini', 'cot/concord-mini', 'sc-16/concord-mini', 'zs-cot/concord-mini']));
  });

  it('chat completion with self-consistency: the voted answer, its votes, and usage over all 8 paths', async () => {
    const response = (await client.chat.completions.create({
      model: 'sc-8/concord-mini',
      messages: [{ role: 'user', content: QUESTION }],
      seed: 1,
      // @ts-expect-error the concord extension object is not in the client's types; the client sends it as is
      concord: ARITHMETIC,
    })) as unknown as WithConcord<OpenAI.Chat.Completions.ChatCompletion>;
    expect(response.object).toBe('chat.completion');
    expect(response.choices[0]?.message.content).toBe('15');
    expect(response.concord.paths).toHaveLength(8);
    expect(response.concord.votes[0]).toMatchObject({ answer: '15' });
    expect(response.concord.confidence).toBeGreaterThan(0.5);
    const pathTokens = response.concord.paths.reduce((sum, p) => sum + p.tokens, 0);
    expect(response.usage?.completion_tokens).toBe(pathTokens);
    expect(response.usage?.total_tokens).toBe((response.usage?.prompt_tokens ?? 0) + pathTokens);
  });

  it('text completion with greedy chain-of-thought, and n independent results', async () => {
    const one = await client.completions.create({
      model: 'cot/concord-mini',
      prompt: 'Tom has 5 apples. He buys 3 more. He gives 2 to Ann. How many apples does Tom have now?',
      // @ts-expect-error the concord extension object is not in the client's types
      concord: ARITHMETIC,
    });
    expect(one.choices[0]?.text).toBe('6');
    const many = await client.chat.completions.create({ model: 'sc-4/concord-mini', n: 2, messages: [{ role: 'user', content: QUESTION }] });
    expect(many.choices.map((c) => c.index)).toEqual([0, 1]);
  });

  it('streams each path as reasoning_content, tagged with its path, before the answer arrives as content', async () => {
    const stream = await client.chat.completions.create({
      model: 'sc-4/concord-mini',
      messages: [{ role: 'user', content: QUESTION }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const order: string[] = [];
    const reasoning = new Map<number, string>();
    let content = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      const extension = (chunk as { concord?: { path?: number; event?: string } }).concord;
      if (delta?.reasoning_content !== undefined) {
        const path = extension?.path ?? -1;
        reasoning.set(path, (reasoning.get(path) ?? '') + delta.reasoning_content);
        if (order.at(-1) !== 'reasoning') order.push('reasoning');
      }
      if (extension?.event === 'path-end' && order.at(-1) !== 'path-end') order.push('path-end');
      if (delta?.content) {
        content += delta.content;
        order.push('content');
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect([...reasoning.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const text of reasoning.values()) expect(text).toMatch(/The answer is \d+\.$/);
    // Reasoning streams while paths are sampled: text arrives before the first path ends, the answer after all.
    expect(order[0]).toBe('reasoning');
    expect(order.at(-1)).toBe('content');
    expect(content).toMatch(/^\d+$/);
    expect(usage?.completion_tokens).toBeGreaterThan(20);
  });

  it('errors come back as the client error classes, with status and the bad field', async () => {
    const bad = await client.chat.completions
      // @ts-expect-error the concord extension object is not in the client's types
      .create({ model: 'concord-mini', messages: [{ role: 'user', content: QUESTION }], concord: { paths: 0 } })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('concord.paths');
    const missing = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: QUESTION }] }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    const unauthorised = await new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'wrong', maxRetries: 0 }).models.list().catch((error: unknown) => error);
    expect(unauthorised).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('the Vercel AI SDK (createOpenAICompatible)', () => {
  const provider = (): ReturnType<typeof createOpenAICompatible> => createOpenAICompatible({ name: 'concord', baseURL: `${server.url}/v1`, apiKey: 'test-key' });

  it('generateText gets the voted answer and the reasoning', async () => {
    const result = await generateText({ model: provider()('sc-8/concord-mini'), prompt: QUESTION, seed: 1, providerOptions: { concord: { concord: ARITHMETIC } } });
    expect(result.text).toBe('15');
    expect(result.reasoningText).toMatch(/The answer is 15/);
    expect(result.usage.outputTokens).toBeGreaterThan(100);
  });

  it('streamText streams reasoning parts, then the answer', async () => {
    const result = streamText({ model: provider()('sc-4/concord-mini'), prompt: QUESTION });
    const kinds: string[] = [];
    for await (const part of result.fullStream) if (kinds.at(-1) !== part.type) kinds.push(part.type);
    expect(kinds).toContain('reasoning-delta');
    expect(kinds.indexOf('reasoning-delta')).toBeLessThan(kinds.indexOf('text-delta'));
    expect(await result.text).toMatch(/^\d+$/);
  });
});

describe('the concord serve process', () => {
  it('SIGTERM lets the running request finish, then exits 0', async () => {
    const { child, url, stderr } = await startServeProcess(['--grace', '20'], 60_000);
    const local = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
    // 64 paths on the GSM8K exemplars: long enough to be running when the signal comes.
    const answering = local.chat.completions.create({ model: 'sc-64/concord-mini', messages: [{ role: 'user', content: QUESTION }] });
    for (let running = 0; running < 1; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      running = ((await (await fetch(`${url}/health`)).json()) as { running: number }).running;
    }
    child.kill('SIGTERM');
    const response = await answering;
    expect(response.choices[0]?.message.content).toMatch(/^\d+$/);
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(stderr()).toMatch(/SIGTERM, finishing 1 running request/);
    expect(stderr()).toMatch(/stopped/);
  });

  it('a bad flag exits 2 with a message naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--default', 'sc-x'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(/--default: unknown prefix "sc-x"/);
  });
});
