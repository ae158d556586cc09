/** Where the benchmark data sets are: an option, else CONCORD_DATA_DIR, else `../shared/datasets` beside the package. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, type Environment } from '../config/index.js';
import { InvalidArgumentError } from '../spec/errors/index.js';

/** The package root: this module is one level below it, in src/tasks (tsx, vitest) and in dist/tasks (the build). */
export const packageRoot: string = fileURLToPath(new URL('../../', import.meta.url));

/** `<package root>/../shared/datasets`, the layout of the project's checkout (and of CI). */
export const defaultDataDir: string = path.resolve(packageRoot, '..', 'shared', 'datasets');

function isFolder(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * The data dir to load tasks from: `option` when given, else CONCORD_DATA_DIR (via readConfig), else
 * `<package root>/../shared/datasets` when that folder exists. Relative paths are resolved against the current
 * directory. A named folder is not checked here: a missing data file names its path when a task loads it.
 * `env` and `fallback` are for tests.
 */
export function resolveDataDir(option?: string, env: Environment = process.env, fallback: string = defaultDataDir): string {
  if (option !== undefined && option.trim() !== '') return path.resolve(option);
  const configured = readConfig(env).dataDir;
  if (configured !== undefined) return path.resolve(configured);
  if (isFolder(fallback)) return fallback;
  throw new InvalidArgumentError([
    {
      path: ['dataDir'],
      message: `no data dir: pass the dataDir option (e.g. --data-dir /path/to/datasets) or set CONCORD_DATA_DIR to the folder that holds gsm8k/, bbh/, ...; the default ${fallback} does not exist`,
    },
  ]);
}
