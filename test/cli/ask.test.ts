/** `concord ask` end to end: the real CLI in a child process, on real llama.cpp and a real loopback server. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaModel } from '../../src/backends/llama/index.js';
import { startOpenAIFixture, type OpenAIFixture } from '../fixtures/openai-server.js';
import { ensureTinyModel } from '../models/tiny-model.js';
import { runCli } from './run-cli.js';

const LETTERS = 'Take the last letters of the words in "Elon Musk" and concatenate them.';
const MATH = 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?';
let modelPath: string;

beforeAll(async () => {
  modelPath = await ensureTinyModel();
});

interface AskJson {
  answer: string | null;
  confidence: number;
  votes: { answer: string; count: number; share: number }[];
  paths: { text: string; answer: string | null; rule: string | null; tokens: number; logprob?: number }[];
  usage: { inputTokens: number; outputTokens: number; seconds: number };
  settings: Record<string, unknown>;
}

function parseJson(stdout: string): AskJson {
  return JSON.parse(stdout) as AskJson;
}

describe('concord ask on the llama backend', () => {
  it('--json prints the stable shape for self-consistency', async () => {
    const run = await runCli(['ask', LETTERS, '--model', modelPath, '--paths', '6', '--max-tokens', '24', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = parseJson(run.stdout);
    expect(Object.keys(json)).toEqual(['answer', 'confidence', 'votes', 'paths', 'usage', 'settings', 'warnings']);
    expect(json.paths).toHaveLength(6);
    for (const path of json.paths) {
      expect(Object.keys(path).sort()).toEqual(['answer', 'rule', 'text', 'tokens']);
      expect(path.tokens).toBeGreaterThan(0);
      expect(path.tokens).toBeLessThanOrEqual(24);
    }
    const answered = json.paths.filter((p) => p.answer !== null).length;
    expect(json.votes.reduce((n, v) => n + v.count, 0)).toBe(answered);
    if (answered > 0) expect(json.confidence).toBeCloseTo((json.votes[0]?.count ?? 0) / answered, 12);
    else expect(json).toMatchObject({ answer: null, confidence: 0 });
    expect(json.usage.outputTokens).toBe(json.paths.reduce((n, p) => n + p.tokens, 0));
    expect(json.usage.inputTokens).toBeGreaterThan(0);
    expect(json.settings).toMatchObject({ strategy: 'self-consistency', provider: 'llama', modelId: 'tiny-random-char', paths: 6, answerType: 'text' });
  });

  it.each([
    ['direct', []],
    ['chain-of-thought', []],
    ['zero-shot-cot', []],
    ['self-consistency', ['--base', 'zero-shot-cot', '--paths', '3']],
  ])('runs %s end to end', async (strategy, extra) => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--strategy', strategy, ...extra, '--max-tokens', '16', '--context-size', '4096', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = parseJson(run.stdout);
    expect(json.settings).toMatchObject({ strategy, answerType: 'number' });
    expect(json.paths.length).toBe(strategy === 'self-consistency' ? 3 : 1);
  });

  it('--logprobs records each path log-probability', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--paths', '3', '--max-tokens', '8', '--logprobs', '--context-size', '4096', '--json']);
    expect(run.code, run.stderr).toBe(0);
    for (const path of parseJson(run.stdout).paths) expect(path.logprob).toBeLessThan(0);
  });

  it('prints paths, the vote table, the answer, tokens and time for people', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--paths', '4', '--max-tokens', '12', '--context-size', '4096']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Question: ${MATH}`);
    expect(run.stdout).toContain('Paths (4):');
    expect(run.stdout).toMatch(/^Answer: /m);
    expect(run.stdout).toMatch(/^Tokens: \d+ in, \d+ out · \d+\.\d\d s$/m);
  });
});

describe('concord ask on an OpenAI-compatible server', () => {
  let fixture: OpenAIFixture;
  let llama: LlamaModel;
  beforeAll(async () => {
    llama = await LlamaModel.load({ model: modelPath, sequences: 4, contextSize: 1024 });
    fixture = await startOpenAIFixture({ model: llama, modelIds: ['tiny-random-char'], enforceLimits: false });
  });
  afterAll(async () => {
    await fixture.close();
    await llama.dispose();
  });

  it('samples k paths in one request with n = k', async () => {
    fixture.reset();
    const run = await runCli(['ask', LETTERS, '--model', fixture.url, '--paths', '5', '--max-tokens', '10', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson(run.stdout).paths).toHaveLength(5);
    const generations = fixture.generationRequests();
    expect(generations).toHaveLength(1);
    expect(generations[0]?.body).toMatchObject({ n: 5, model: 'tiny-random-char' });
  });

  it('runs zero-shot-cot with --model-id: two calls', async () => {
    fixture.reset();
    const run = await runCli(['ask', MATH, '--model', fixture.url, '--model-id', 'tiny-random-char', '--strategy', 'zero-shot-cot', '--max-tokens', '8', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(fixture.generationRequests()).toHaveLength(2);
  });
});

describe('concord ask: bad input gets one clear line and exit code 2', () => {
  it('an unknown flag, with a "did you mean"', async () => {
    const run = await runCli(['ask', MATH, '--path', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--path'/);
    expect(run.stderr).toMatch(/Did you mean --paths\?/);
  });

  it('an unknown strategy, with a "did you mean"', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--strategy', 'self-consistancy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did you mean "self-consistency"/);
  });

  it('a bad value, naming the flag', async () => {
    const run = await runCli(['ask', MATH, '--paths', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--paths <n>.*many.*whole number/);
  });

  it('a flag the strategy does not take', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--strategy', 'cot', '--paths', '8']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^concord: --paths: does not apply to --strategy chain-of-thought \(it applies to self-consistency, [a-z-, ]+\)$/);
  });

  it('a missing model file', async () => {
    const run = await runCli(['ask', MATH, '--model', '/no/such/model.gguf']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('concord: No such model /no/such/model.gguf: file not found');
  });

  it('no model at all', async () => {
    const run = await runCli(['ask', MATH], { CONCORD_MODEL: '' });
    // Until the bundled model ships, no --model and no CONCORD_MODEL is an error that says what to do.
    if (run.code !== 0) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--model|CONCORD_MODEL/);
    }
  });

  it('an unreachable server, naming the URL', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const run = await runCli(['ask', MATH, '--model', url, '--model-id', 'm']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(url);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an answer type that does not fit the exemplars', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--strategy', 'cot', '--exemplars', 'wei2022-coin-flip', '--answer-type', 'number']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--answer-type: number does not fit the exemplars wei2022-coin-flip, whose answers are yes-no/);
  });

  it('an unknown exemplar set, with a "did you mean"', async () => {
    const run = await runCli(['ask', MATH, '--model', modelPath, '--strategy', 'cot', '--exemplars', 'wei2022-math-annotator-z']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did you mean "wei2022-math-annotator-a"/);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
