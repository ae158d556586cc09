import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnswerSpec } from '../spec/answer.js';
import { DisposedError, InvalidArgumentError } from '../spec/errors/index.js';
import type { ReasoningPath } from '../spec/result.js';
import type { RunConfig } from './run-config.js';
import { resolveStorePath, RunStore, WRITER_TIMEOUT_MS, type FinishedItem } from './run-store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'concord-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = (): string => path.join(dir, `store-${files++}`, 'runs.sqlite');

const number: AnswerSpec = { type: 'number' };

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    task: 'letters',
    split: 'in',
    limit: 3,
    strategy: 'self-consistency',
    strategyOptions: { paths: 2 },
    resolvedStrategyOptions: { paths: 2, temperature: 0.7 },
    model: { provider: 'mock', modelId: 'mock-model', options: { model: 'x.gguf' } },
    seed: 0,
    dataSeed: null,
    dataDir: '/data',
    skipBadRecords: false,
    ...overrides,
  };
}

function aPath(index: number, answer: string | null, logprob?: number): ReasoningPath {
  return {
    index,
    text: ` path ${index} says ${answer ?? 'nothing'}`,
    answer,
    rule: answer === null ? null : 'answer-phrase',
    tokens: 5 + index,
    ...(logprob === undefined ? {} : { logprob, meanLogprob: logprob / 5 }),
    finishReason: { unified: 'stop', raw: 'eos' },
  };
}

function item(id: string, position: number, paths: readonly ReasoningPath[], overrides: Partial<FinishedItem> = {}): FinishedItem {
  return {
    id,
    position,
    question: `question ${id}`,
    gold: '3',
    spec: number,
    voted: '3',
    correct: true,
    confidence: 1,
    seconds: 0.5,
    inputTokens: 10,
    outputTokens: 12,
    paths,
    ...overrides,
  };
}

describe('RunStore', () => {
  it('opens the file in WAL mode with synchronous NORMAL and creates its tables', () => {
    const file = newFile();
    const store = new RunStore(file);
    store.createRun({ config: config(), itemCount: 3 });
    expect(existsSync(`${file}-wal`)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const columns = (table: string): string[] => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    expect(columns('runs')).toEqual([
      'id',
      'created_at',
      'task',
      'split',
      'strategy',
      'model',
      'config_json',
      'concord_version',
      'git_commit',
      'status',
      'item_count',
    ]);
    expect(columns('items')).toContain('error');
    expect(columns('paths')).toEqual(['run_id', 'item_id', 'path_index', 'text', 'answer', 'rule', 'tokens', 'logprob', 'finish_reason']);
    expect(columns('run_writers')).toEqual(['run_id', 'token', 'pid', 'host', 'heartbeat_at']);
    db.close();
    // synchronous and the busy timeout are per connection: read them on the store's own.
    expect(store.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL', busyTimeoutMs: 10_000 });
    store.dispose();
  });

  it('records the configuration, Concord version and git commit of a run', () => {
    const store = new RunStore(newFile());
    const run = store.createRun({ config: config({ seed: 5 }), itemCount: 3 });
    expect(run).toMatchObject({
      task: 'letters',
      split: 'in',
      strategy: 'self-consistency',
      model: 'mock/mock-model',
      status: 'running',
      itemCount: 3,
      finishedItems: 0,
      config: config({ seed: 5 }),
    });
    expect(run.id).toMatch(/^run-\d{8}-\d{6}-[0-9a-f]{6}$/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run.concordVersion).toBe(pkg.version);
    let head: string | null = null;
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: path.dirname(new URL(import.meta.url).pathname), encoding: 'utf8' }).trim();
    } catch {
      head = null;
    }
    expect(run.gitCommit).toBe(head);
    store.dispose();
  });

  it('keeps two runs apart in one file, across connections', () => {
    const file = newFile();
    const store = new RunStore(file);
    const a = store.createRun({ config: config(), itemCount: 2, id: 'run-a' });
    const b = store.createRun({ config: config({ strategy: 'chain-of-thought', strategyOptions: {} }), itemCount: 2, id: 'run-b' });
    store.recordItem(a.id, item('x', 0, [aPath(0, '3'), aPath(1, '4')]));
    store.recordItem(b.id, item('x', 0, [aPath(0, '5')], { voted: '5', correct: false }));
    store.recordItem(b.id, item('y', 1, [aPath(0, '3')]));
    store.finishRun(b.id);
    store.dispose();

    const reopened = new RunStore(file);
    expect(reopened.listRuns().map((r) => [r.id, r.status, r.finishedItems])).toEqual(
      expect.arrayContaining([
        ['run-a', 'running', 1],
        ['run-b', 'done', 2],
      ]),
    );
    expect([...reopened.finishedItemIds('run-a')]).toEqual(['x']);
    expect([...reopened.finishedItemIds('run-b')].sort()).toEqual(['x', 'y']);
    expect(reopened.scoredItems('run-a')[0]?.paths.map((p) => p.answer)).toEqual(['3', '4']);
    expect(reopened.scoredItems('run-b').map((i) => [i.id, i.voted, i.correct])).toEqual([
      ['x', '5', false],
      ['y', '3', true],
    ]);
    reopened.dispose();
  });

  it('overwrites a killed attempt: partial paths are replaced, the item row keeps only its final paths', () => {
    const store = new RunStore(newFile());
    const run = store.createRun({ config: config(), itemCount: 1 });
    // A first attempt wrote three paths and died.
    for (const i of [0, 1, 2]) store.recordPath(run.id, 'x', aPath(i, 'stale'));
    expect(store.finishedItemIds(run.id).size).toBe(0);
    // The resumed attempt re-samples path 1 (replaced as it ends), then finishes with two paths.
    store.recordPath(run.id, 'x', aPath(1, 'fresh'));
    store.recordItem(run.id, item('x', 0, [aPath(0, '3', -2), aPath(1, 'fresh')]));
    const [stored] = store.items(run.id);
    expect(stored?.paths.map((p) => [p.index, p.answer, p.logprob])).toEqual([
      [0, '3', -2],
      [1, 'fresh', undefined],
    ]);
    expect(stored?.paths[0]?.finishReason).toEqual({ unified: 'stop', raw: 'eos' });
    store.dispose();
  });

  it('writes an item and its paths in one transaction: a failure midway leaves the partial state as it was', () => {
    const file = newFile();
    const store = new RunStore(file);
    const run = store.createRun({ config: config(), itemCount: 1 });
    store.recordPath(run.id, 'x', aPath(0, 'partial'));
    const unserialisable = { type: 'number', tolerance: 1n } as unknown as AnswerSpec;
    expect(() => store.recordItem(run.id, item('x', 0, [aPath(0, '3'), aPath(1, '3')], { spec: unserialisable }))).toThrow(TypeError);
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT path_index, answer FROM paths').all()).toEqual([{ path_index: 0, answer: 'partial' }]);
    expect(reader.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 0 });
    reader.close();
    store.dispose();
  });

  it('records a failed item with its error, counts it, and leaves it out of the export', () => {
    const store = new RunStore(newFile());
    const run = store.createRun({ config: config(), itemCount: 3 });
    const choice: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C'] };
    store.recordItem(run.id, item('c', 2, [aPath(0, 'B', -1.5), aPath(1, 'A')], { spec: choice, gold: 'B', voted: 'B' }));
    store.recordItem(run.id, item('n', 0, [aPath(0, '3')]));
    const failure = item('f', 1, [], { voted: null, correct: false, confidence: 0, error: 'BackendCallError: POST /v1/completions failed with 500' });
    store.recordItem(run.id, failure);
    expect(store.getRun(run.id)).toMatchObject({ finishedItems: 3, failedItems: 1 });
    expect(store.items(run.id).map((i) => [i.id, i.error])).toEqual([
      ['n', null],
      ['f', 'BackendCallError: POST /v1/completions failed with 500'],
      ['c', null],
    ]);
    expect(store.scoredItems(run.id)[1]).toEqual({
      id: 'f',
      gold: '3',
      spec: number,
      paths: [],
      voted: null,
      correct: false,
      confidence: 0,
      seconds: 0.5,
      inputTokens: 10,
      outputTokens: 12,
    });
    expect(store.exportRecorded(run.id)).toEqual([
      { id: 'n', question: 'question n', answer: '3', answerType: 'number', samples: [{ text: ' path 0 says 3', tokens: 5 }] },
      {
        id: 'c',
        question: 'question c',
        answer: 'B',
        answerType: 'choice',
        choices: ['A', 'B', 'C'],
        samples: [
          { text: ' path 0 says B', logprob: -1.5, tokens: 5 },
          { text: ' path 1 says A', tokens: 6 },
        ],
      },
    ]);
    store.dispose();
  });

  it('lets one writer at a time claim a run, names it to the next, and frees it on release', () => {
    const store = new RunStore(newFile());
    const run = store.createRun({ config: config(), itemCount: 3 });
    expect(store.getRun(run.id).writer).toBeNull();
    const claim = store.claimRun(run.id);
    expect(store.getRun(run.id).writer).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => store.claimRun(run.id)).toThrow(InvalidArgumentError);
    expect(() => store.claimRun(run.id)).toThrow(new RegExp(`being written by process ${process.pid} on `));
    claim.release();
    claim.release(); // idempotent
    expect(store.listRuns()[0]?.writer).toBeNull();
    using again = store.claimRun(run.id);
    expect(again).toBeDefined();
    store.dispose();
  });

  it('takes over from a writer that is gone: its process ended on this host, or its heartbeat is old', () => {
    const file = newFile();
    const store = new RunStore(file);
    const run = store.createRun({ config: config(), itemCount: 3 });
    const db = new Database(file);
    const write = (pid: number, host: string, ageMs: number): void => {
      db.prepare('INSERT OR REPLACE INTO run_writers (run_id, token, pid, host, heartbeat_at) VALUES (?, ?, ?, ?, ?)').run(run.id, 'other', pid, host, Date.now() - ageMs);
    };
    // A process that has ended (a SIGKILLed run): its id is free, so it is gone at once.
    const endedPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    write(endedPid, hostname(), 0);
    expect(store.getRun(run.id).writer).toBeNull();
    store.claimRun(run.id).release();
    // Another host's writer: only its heartbeat tells, fresh refuses, old does not.
    write(4242, 'elsewhere.example', 1_000);
    expect(store.getRun(run.id).writer).toMatchObject({ pid: 4242, host: 'elsewhere.example' });
    expect(() => store.claimRun(run.id)).toThrow(/process 4242 on elsewhere\.example \(heartbeat 1 s ago\)/);
    write(4242, 'elsewhere.example', WRITER_TIMEOUT_MS + 1_000);
    expect(store.getRun(run.id).writer).toBeNull();
    store.claimRun(run.id).release();
    db.close();
    store.dispose();
  });

  it('names the closest ids for an unknown run id', () => {
    const store = new RunStore(newFile());
    expect(() => store.getRun('run-x')).toThrow(/has no runs/);
    store.createRun({ config: config(), itemCount: 1, id: 'run-20250101-120000-abcdef' });
    store.createRun({ config: config(), itemCount: 1, id: 'run-20250101-120000-abcdee' });
    store.createRun({ config: config(), itemCount: 1, id: 'other' });
    const error: unknown = (() => {
      try {
        return store.getRun('run-20250101-120000-abcdeg');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues[0]?.path).toEqual(['runId']);
    const message = (error as InvalidArgumentError).message;
    expect(message).toMatch(/did you mean "run-20250101-120000-abcde[ef]", "run-20250101-120000-abcde[ef]"\?$/);
    expect(message).not.toContain('other');
    expect(() => store.getRun('zzzzzzzzzzzzzzzzzzzzzzzzz')).toThrow(/the newest runs in/);
    expect(() => store.finishedItemIds('nope')).toThrow(InvalidArgumentError);
    store.dispose();
  });

  it('throws DisposedError after dispose, and Symbol.dispose closes it', () => {
    const store = new RunStore(newFile());
    store[Symbol.dispose]();
    expect(() => store.listRuns()).toThrow(DisposedError);
    store.dispose();
  });

  it('defaults to .concord/runs.sqlite under the cwd, overridable by option and CONCORD_STORE', () => {
    expect(resolveStorePath(undefined, {})).toBe(path.resolve('.concord', 'runs.sqlite'));
    expect(resolveStorePath(undefined, { CONCORD_STORE: 'elsewhere/r.sqlite' })).toBe(path.resolve('elsewhere/r.sqlite'));
    expect(resolveStorePath('/tmp/mine.sqlite', { CONCORD_STORE: 'elsewhere/r.sqlite' })).toBe('/tmp/mine.sqlite');
  });
});
