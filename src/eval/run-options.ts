/**
 * The strategy options of a run: the task's defaults merged under the user's, checked once before any item runs
 * (a bad option is a configuration error: it stops the run before it starts, never item by item).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isExemplarSetId, isExemplarSetPath, loadExemplarSet, zodIssues, type ExemplarSet } from '../prompts/index.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { misplacedOptionIssues, selfConsistency } from '../strategies/self-consistency/index.js';
import type { AnyStrategy } from '../strategies/index.js';
import type { TaskDefaults } from '../tasks/task.js';

export type StrategyOptions = Readonly<Record<string, unknown>>;

/** The largest seed a strategy takes (option-fields' seedField). */
const MAX_SEED = 2 ** 31 - 1;

/** The option names a strategy's schema accepts; empty when the schema is not an object (nothing is merged in). */
export function optionKeys(strategy: AnyStrategy): ReadonlySet<string> {
  const schema = strategy.optionsSchema;
  return new Set(schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
}

/**
 * The user's options over the task's defaults and exemplars (the loaded data's, which for BBH come from the data
 * dir that was loaded, else the task's). A default goes in only where the strategy's schema has the key and
 * the user did not set it: `paths`, `temperature` and `topK` reach self-consistency only, `maxTokens` the
 * strategies with one budget (not zero-shot-cot's two), the task's exemplars the strategies that take exemplars.
 * Defaults self-consistency would reject as belonging to its other base (exemplars with base zero-shot-cot) are
 * left out; the same option given by the user is kept, and rejected by the check.
 */
export function mergeTaskDefaults(
  strategy: AnyStrategy,
  defaults: TaskDefaults,
  exemplars: string | ExemplarSet | undefined,
  user: StrategyOptions,
): Record<string, unknown> {
  const keys = optionKeys(strategy);
  const added: Record<string, unknown> = {};
  const add = (key: string, value: unknown): void => {
    if (keys.has(key) && value !== undefined && user[key] === undefined) added[key] = value;
  };
  add('paths', defaults.paths);
  add('temperature', defaults.temperature);
  add('topK', defaults.topK);
  add('maxTokens', defaults.maxTokens);
  if (exemplars !== undefined && keys.has('exemplars') && user['exemplars'] === undefined) add('exemplars', exemplarsReference(exemplars));
  const merged: Record<string, unknown> = { ...added, ...user };
  if (strategy.name === selfConsistency.name) {
    for (const issue of misplacedOptionIssues(merged)) {
      const [key] = issue.path;
      if (typeof key === 'string' && key in added) delete merged[key];
    }
  }
  return merged;
}

/**
 * What the strategies' `exemplars` option takes: the task's reference as it is, a set object by its id where it
 * is a shipped set's, otherwise the set written once to a file named by its content (the same set, the same file,
 * so a resumed run on another day finds it or writes it again).
 */
export function exemplarsReference(exemplars: string | ExemplarSet): string {
  if (typeof exemplars === 'string') return exemplars;
  if (isExemplarSetId(exemplars.id)) return exemplars.id;
  const json = `${JSON.stringify(exemplars, null, 2)}\n`;
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), 'concord-exemplars');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${exemplars.id.replace(/[^\w.-]+/g, '_')}-${hash}.json`);
  writeFileSync(file, json);
  return file;
}

/**
 * The base seed: the run's, else the one in the user's options, else 0. Item i is sampled with base + i, which
 * must stay a valid seed for every item.
 */
/**
 * Item i's base seed. Its paths add 0..k−1 (k ≤ 1024), so a stride of 1024 keeps every path of every item on a seed
 * of its own: with a stride of 1, item i's path j would share its random stream with item i+1's path j−1.
 */
export const ITEM_SEED_STRIDE = 1024;

export function itemSeed(base: number, position: number): number {
  return base + ITEM_SEED_STRIDE * position;
}

export function resolveSeed(seed: number | undefined, options: StrategyOptions, itemCount: number): number {
  const fromOptions = options['seed'];
  const base = seed ?? (typeof fromOptions === 'number' ? fromOptions : 0);
  const largest = MAX_SEED - ITEM_SEED_STRIDE * Math.max(1, itemCount);
  if (!Number.isInteger(base) || base < 0 || base > largest) {
    throw new InvalidArgumentError([
      { path: ['seed'], message: `must be a whole number from 0 to ${largest} (item i is sampled with seed + ${ITEM_SEED_STRIDE} i), got ${base}` },
    ]);
  }
  return base;
}

/** Checks the merged options as the strategy will (schema, misplaced options, a readable exemplar file), all problems at once. */
export async function checkStrategyOptions(strategy: AnyStrategy, options: StrategyOptions): Promise<void> {
  const issues: ArgumentIssue[] = [];
  const parsed = strategy.optionsSchema.safeParse(options);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, ['strategyOptions']));
  if (strategy.name === selfConsistency.name) {
    issues.push(...misplacedOptionIssues(options).map((issue) => ({ ...issue, path: ['strategyOptions', ...issue.path] })));
  }
  const exemplars = options['exemplars'];
  if (parsed.success && typeof exemplars === 'string' && isExemplarSetPath(exemplars)) {
    try {
      await loadExemplarSet(exemplars, { issuePath: ['strategyOptions', 'exemplars'] });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new InvalidArgumentError(issues);
}
