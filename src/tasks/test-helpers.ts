/** Helpers for the task tests: the real data dir, temporary data dirs, and the error a promise rejects with. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveDataDir } from './data-dir.js';
import type { LoadedTask, LoadOptions, Task } from './task.js';

/** The shared data sets (`../shared/datasets` beside the package, or CONCORD_DATA_DIR). */
export const dataDir: string = resolveDataDir();

/** Loads a task from the real data dir; throws on any bad record. */
export function loadReal(task: Task, options: Omit<LoadOptions, 'dataDir'> = {}): Promise<LoadedTask> {
  return task.load({ dataDir, ...options });
}

/** A fresh data dir holding `files` (path relative to the dir → content). */
export async function tempDataDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'concord-tasks-'));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return dir;
}

/** What `promise` rejects with; throws when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

/** How often each value occurs. */
export function countBy<T>(values: readonly T[], key: (value: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[key(value)] = (counts[key(value)] ?? 0) + 1;
  return counts;
}
