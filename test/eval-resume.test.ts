/**
 * Kill a real evaluation with SIGKILL, again and again, and resume it each time: the run store must end with
 * every item exactly once, every path exactly once, and the results of an uninterrupted run with the same seed.
 * The run (test/fixtures/eval-child.ts) is the letters task on the tiny random llama model, self-consistency with
 * 4 paths over 2 sequences, so paths end in two waves and a kill can land between them (partial paths stored).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { RunStore } from '../src/eval/index.js';
import { CHILD_RUN } from './fixtures/eval-child-run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'concord-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'runs.sqlite');

const KILLS = 5;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Child {
  readonly pid: number | undefined;
  readonly kill: () => void;
  readonly exited: Promise<Exit>;
  readonly isRunning: () => boolean;
}

function startChild(args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/eval-child.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let running = true;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running = false;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { pid: child.pid, kill: () => child.kill('SIGKILL'), exited, isRunning: () => running };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The run the killed children work on: the one that is not the reference; undefined before it is created. */
function latestRunId(db: Database.Database, referenceId: string): string | undefined {
  const row = db.prepare('SELECT id FROM runs WHERE id != ? ORDER BY created_at DESC LIMIT 1').get(referenceId) as { id: string } | undefined;
  return row?.id;
}

/** What the store holds for a run, read on our own connection while the child writes. */
function snapshot(db: Database.Database, id: string | undefined): { items: number; paths: number; orphans: number } {
  if (id === undefined) return { items: 0, paths: 0, orphans: 0 };
  const count = (sql: string): number => (db.prepare(sql).get(id) as { n: number }).n;
  return {
    items: count('SELECT COUNT(*) AS n FROM items WHERE run_id = ?'),
    paths: count('SELECT COUNT(*) AS n FROM paths WHERE run_id = ?'),
    orphans: count('SELECT COUNT(*) AS n FROM paths p WHERE p.run_id = ? AND NOT EXISTS (SELECT 1 FROM items i WHERE i.run_id = p.run_id AND i.item_id = p.item_id)'),
  };
}

function expectSuccess(exit: Exit, what: string): string {
  if (exit.code !== 0) throw new Error(`${what} exited with ${exit.code ?? exit.signal}:\n${exit.stderr}`);
  const match = /^done (\S+)$/m.exec(exit.stdout);
  if (match?.[1] === undefined) throw new Error(`${what} did not say it was done:\n${exit.stdout}\n${exit.stderr}`);
  return match[1];
}

it('survives repeated SIGKILLs: every item and path exactly once, results as an uninterrupted run', { timeout: 120_000 }, async () => {
  const started = performance.now();
  // The uninterrupted run, in the same store file (runs share one file).
  const referenceStarted = performance.now();
  const referenceId = expectSuccess(await startChild(['start', file]).exited, 'the uninterrupted run');
  const referenceSeconds = (performance.now() - referenceStarted) / 1000;

  const db = new Database(file, { timeout: 10_000 });
  let runId: string | undefined;
  const kills: { alive: number; items: number; paths: number; orphans: number }[] = [];
  for (let attempt = 0; attempt < KILLS; attempt++) {
    const childStarted = performance.now();
    const child = startChild(runId === undefined ? ['start', file] : ['resume', file, runId]);
    if (attempt === 1 && runId !== undefined) {
      // Once: kill between an item's two waves of paths (2 of its 4 stored, the item not), after the child
      // finished an item of its own (so those partial paths are its, not left by the kill before).
      const before = snapshot(db, runId);
      for (let now = before; child.isRunning() && !(now.items > before.items && now.orphans > 0); now = snapshot(db, runId)) await sleep(2);
    } else {
      // Kill by progress, not by the clock (a faster machine finishes more items in the same time): once the child
      // has committed one or two items of its own, then 0-20 ms more, so the kill lands anywhere in an item.
      const target = snapshot(db, runId).items + 1 + Math.floor(Math.random() * 2);
      while (child.isRunning()) {
        runId ??= latestRunId(db, referenceId);
        if (snapshot(db, runId).items >= target) break;
        await sleep(2);
      }
      await sleep(Math.random() * 20);
    }
    child.kill();
    const exit = await child.exited;
    if (exit.signal !== 'SIGKILL') {
      // It finished before the kill: nothing left to kill.
      runId = expectSuccess(exit, `child ${attempt}`);
      break;
    }
    runId ??= latestRunId(db, referenceId);
    const after = snapshot(db, runId);
    kills.push({ alive: Math.round(performance.now() - childStarted), ...after });
  }
  expect(runId).toBeDefined();
  const finalStarted = performance.now();
  expect(expectSuccess(await startChild(['resume', file, runId ?? '']).exited, 'the last resume')).toBe(runId);
  const finalSeconds = (performance.now() - finalStarted) / 1000;

  // Exactly `limit` item rows, no (run, item) twice, exactly `paths` path rows per item, none left over.
  const id = runId ?? '';
  expect(db.prepare('SELECT COUNT(*) AS n FROM items WHERE run_id = ?').get(id)).toEqual({ n: CHILD_RUN.limit });
  expect(db.prepare('SELECT item_id FROM items GROUP BY run_id, item_id HAVING COUNT(*) > 1').all()).toEqual([]);
  const perItem = db.prepare('SELECT item_id, COUNT(*) AS n, MIN(path_index) AS lo, MAX(path_index) AS hi FROM paths WHERE run_id = ? GROUP BY item_id').all(id);
  expect(perItem).toHaveLength(CHILD_RUN.limit);
  for (const row of perItem) expect(row).toMatchObject({ n: CHILD_RUN.paths, lo: 0, hi: CHILD_RUN.paths - 1 });
  db.close();

  const store = new RunStore(file);
  expect(store.getRun(id)).toMatchObject({ status: 'done', itemCount: CHILD_RUN.limit, finishedItems: CHILD_RUN.limit, failedItems: 0 });
  const resumed = store.items(id);
  const reference = store.items(referenceId);
  expect(resumed.map((i) => i.id)).toEqual(reference.map((i) => i.id));
  expect(resumed.map((i) => [i.id, i.voted, i.correct])).toEqual(reference.map((i) => [i.id, i.voted, i.correct]));
  // Sampling is seeded per item (seed + position), so even the texts match the uninterrupted run's.
  expect(resumed.map((i) => i.paths.map((p) => p.text))).toEqual(reference.map((i) => i.paths.map((p) => p.text)));
  store.dispose();

  const total = (performance.now() - started) / 1000;
  console.log(
    `eval-resume: ${kills.length} SIGKILLs (alive ms / items / paths / partial paths at the kill): ${kills
      .map((k) => `${k.alive}/${k.items}/${k.paths}/${k.orphans}`)
      .join(', ')}; uninterrupted ${referenceSeconds.toFixed(1)} s, last resume ${finalSeconds.toFixed(1)} s, test ${total.toFixed(1)} s`,
  );
  expect(kills.length).toBeGreaterThanOrEqual(4);
  expect(kills.some((k) => k.orphans > 0)).toBe(true);
});

it('refuses a second writer of a run while the first lives, and lets a resume take over once it is killed', { timeout: 120_000 }, async () => {
  const lockFile = path.join(dir, 'lock.sqlite');
  new RunStore(lockFile).dispose(); // the tables, for this test's own connection to read while the child writes
  // Slowed to 300 ms an item, so it is still writing when the second child has loaded its model.
  const first = startChild(['start', lockFile], { EVAL_CHILD_DELAY_MS: '300' });
  const db = new Database(lockFile, { timeout: 10_000 });
  let runId: string | undefined;
  // Until the first child has finished an item: the run and its writer row exist.
  while (first.isRunning()) {
    runId = (db.prepare('SELECT id FROM runs ORDER BY created_at DESC LIMIT 1').get() as { id: string } | undefined)?.id;
    if (runId !== undefined && snapshot(db, runId).items > 0) break;
    await sleep(5);
  }
  expect(first.isRunning()).toBe(true);
  const second = await startChild(['resume', lockFile, runId ?? '']).exited;
  expect(second.code).not.toBe(0);
  expect(second.stderr).toContain(`run ${runId} is being written by process ${first.pid}`);
  first.kill();
  expect((await first.exited).signal).toBe('SIGKILL');
  // Killed: still `running` in the store, with no live writer, and resumable at once.
  const store = new RunStore(lockFile);
  expect(store.getRun(runId ?? '')).toMatchObject({ status: 'running', writer: null });
  store.dispose();
  expect(expectSuccess(await startChild(['resume', lockFile, runId ?? '']).exited, 'the resume after the kill')).toBe(runId);
  db.close();
});
