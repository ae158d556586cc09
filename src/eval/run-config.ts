/** What a run records about itself: its configuration, Concord's version and the git commit of its checkout. */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type RunStatus = 'running' | 'done' | 'stopped';

export const runConfigSchema = z.object({
  /** The task's name, as `resolveTask` takes it. */
  task: z.string().min(1),
  /** null: the task's first split. */
  split: z.string().nullable(),
  /** null: every item of the split. */
  limit: z.int().min(1).nullable(),
  /** The strategy's canonical name. */
  strategy: z.string().min(1),
  /** The user's strategy options, as given. */
  strategyOptions: z.record(z.string(), z.unknown()),
  /**
   * What every item is run with (but its seed): the task's defaults and exemplars merged under the user's options.
   * A resumed run uses these, not the task's defaults of the day, so it runs as it started.
   */
  resolvedStrategyOptions: z.record(z.string(), z.unknown()),
  model: z.object({
    provider: z.string(),
    modelId: z.string(),
    /** How the model was opened (path, threads, server URL, ...), as the caller described it. */
    options: z.record(z.string(), z.unknown()),
  }),
  /** Item i (0-based data position) is sampled with seed + 1024 i (see itemSeed). */
  seed: z.int().min(0),
  /** Passed to the task's `load` (synthetic tasks draw their items with it); null: the task's default. */
  dataSeed: z.int().nullable(),
  /** Absolute. */
  dataDir: z.string().min(1),
  skipBadRecords: z.boolean(),
});

export type RunConfig = z.output<typeof runConfigSchema>;

/** The package root: this module sits one level below it under tsx (src/eval) and after the build (dist/eval). */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

let version: string | undefined;

/** Concord's version, from its package.json. */
export function concordVersion(): string {
  if (version !== undefined) return version;
  const parsed: unknown = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
  const found = typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  version = typeof found === 'string' ? found : 'unknown';
  return version;
}

let commit: { value: string | null } | undefined;

/**
 * The commit Concord's own checkout is at; null when Concord is not a git checkout (an installed package), also
 * when it sits inside someone else's repository (node_modules of a project): that repository's commit says nothing.
 */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit.value;
  commit = { value: null };
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    if (realpathSync(git('rev-parse', '--show-toplevel')) === realpathSync(packageRoot)) commit.value = git('rev-parse', 'HEAD');
  } catch {
    // No git, or not a checkout.
  }
  return commit.value;
}
