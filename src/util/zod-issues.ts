import type { z } from 'zod';
import type { ArgumentIssue } from '../spec/errors/index.js';

/** A zod path key as an ArgumentIssue path key: numbers stay indices, everything else becomes its string. */
export function pathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/** zod's issues as ours (every one, each with its path), `prefix` naming what was being validated. */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = []): ArgumentIssue[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path.map(pathKey)], message: issue.message }));
}
