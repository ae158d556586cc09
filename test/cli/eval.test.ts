/** `concord eval`, `runs`, `report` and `score` end to end: the real CLI, real llama.cpp, a real SQLite file. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../models/tiny-model.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-eval-cli-'));
const store = join(dir, 'runs.sqlite');
let model: string;
let runId: string;

beforeAll(async () => {
  model = await ensureTinyModel();
  const run = await runCli(['eval', 'letters', '--model', model, '--strategy', 'self-consistency', '--paths', '3', '--max-tokens', '12', '--limit', '4', '--context-size', '2048', '--store', store, '--json']);
  expect(run.code, run.stderr).toBe(0);
  runId = (JSON.parse(run.stdout) as { runId: string }).runId;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('concord eval', () => {
  it('--json prints the harness shape with accuracies as fractions', async () => {
    const run = await runCli(['eval', 'coin-flip', '--split', 'out', '--model', model, '--max-tokens', '8', '--limit', '3', '--context-size', '2048', '--store', store, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ status: 'done', task: 'coin-flip', items: 3 });
    expect(json.accuracy).toBeGreaterThanOrEqual(0);
    expect(json.accuracy).toBeLessThanOrEqual(1);
    expect(json.ci95).toHaveLength(2);
    expect(typeof json.abstentionRate).toBe('number');
  });

  it('lists the runs in the store', async () => {
    const run = await runCli(['runs', '--store', store, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const runs = JSON.parse(run.stdout) as { id: string; task: string; status: string; finishedItems: number }[];
    expect(runs.find((r) => r.id === runId)).toMatchObject({ task: 'letters', status: 'done', finishedItems: 4 });
  });

  it('writes a report with the three plots', async () => {
    const out = join(dir, 'report');
    const run = await runCli(['report', runId, '--store', store, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('letters');
    for (const file of ['report.md', 'report.json']) expect(existsSync(join(out, file))).toBe(true);
    const svgs = ['maj-at-k.svg', 'accuracy-vs-tokens.svg', 'calibration.svg'].filter((f) => existsSync(join(out, f)));
    expect(svgs.length, `plots written: ${svgs.join(', ')}`).toBe(3);
    for (const svg of svgs) expect(readFileSync(join(out, svg), 'utf8')).toMatch(/^<svg/);
  });

  it('exports a run as recorded JSONL that concord score reads', async () => {
    const file = join(dir, 'recorded.jsonl');
    const exported = await runCli(['eval', '--export', runId, '--store', store, '--out', file]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    const run = await runCli(['score', file, '--k', '1,2,3', '--stop', 'beta:0.95', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { items: number; majAtK: Record<string, number>; stop: { rule: string; meanSamples: number } };
    expect(json.items).toBe(4);
    expect(Object.keys(json.majAtK)).toEqual(['1', '2', '3']);
    expect(json.stop.rule).toMatch(/beta/);
    expect(json.stop.meanSamples).toBeLessThanOrEqual(3);
  });

  it('scores a hand-written file, extracting answers itself', async () => {
    const file = join(dir, 'hand.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'a', answer: '6', answerType: 'number', samples: ['So 21 - 15 = 6. The answer is 6.', 'The answer is 7.', { text: '… 6. The answer is 6.' }] }),
      JSON.stringify({ id: 'b', answer: 'no', answerType: 'yes-no', samples: ['So the answer is yes.'] }),
    ].join('\n'));
    const run = await runCli(['score', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ items: 2, accuracy: 0.5 });
  });

  it('names an unknown task with a "did you mean"', async () => {
    const run = await runCli(['eval', 'gsm8', '--model', model, '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did you mean "gsm8k"/);
  });

  it('names a malformed record by file and line, and --skip-bad-records loads the rest', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(join(dataDir, 'gsm8k'), { recursive: true });
    writeFileSync(join(dataDir, 'gsm8k', 'test.jsonl'), [
      JSON.stringify({ question: 'If there are 3 cars and 2 more arrive, how many cars are there?', answer: '3 + 2 = 5 #### 5' }),
      '{"question": "broken',
      JSON.stringify({ question: 'Tom has 4 apples and eats 1. How many are left?', answer: '#### 3' }),
    ].join('\n'));
    const args = ['eval', 'gsm8k', '--model', model, '--data-dir', dataDir, '--max-tokens', '4', '--context-size', '4096', '--store', store];
    const strict = await runCli(args);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/gsm8k\/test\.jsonl line 2: not valid JSON/);
    const lenient = await runCli([...args, '--skip-bad-records', '--json']);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ items: 2 });
  });

  it('refuses flags that --resume would ignore, naming them', async () => {
    const run = await runCli(['eval', '--resume', runId, '--paths', '9', '--limit', '2', '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--paths: cannot be combined with --resume/);
    expect(run.stderr).toMatch(/--limit: cannot be combined with --resume/);
  });

  it('names a bad environment variable in one line', async () => {
    const run = await runCli(['ask', 'Is the sky blue?', '--model', model], { CONCORD_THREADS: 'two' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('concord: CONCORD_THREADS: must be "auto" or a whole number from 1 to 256, got "two"');
  });

  it('does not create an empty store when listing or reporting from a missing file', async () => {
    const missing = join(dir, 'typo', 'runs.sqlite');
    for (const args of [['runs', '--store', missing], ['report', 'run-x', '--store', missing]]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--store: no run store at ${missing}`);
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('rejects --resume of a run that does not exist', async () => {
    const run = await runCli(['eval', '--resume', 'run-nope', '--model', model, '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/run-nope/);
  });
});
