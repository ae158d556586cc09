import { CommanderError } from 'commander';
import { AbortedError, ConcordError, InvalidArgumentError, NoSuchModelError, UnreachableError } from '../spec/errors/index.js';

/** Exit codes: 2 for what the user can fix (bad flags, missing model, unreachable server), 1 otherwise. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
export const EXIT_INTERRUPTED = 130;

/** Maps option paths in library errors back to the flags the user typed, e.g. `topK` → `--top-k`. */
export type FlagNames = Readonly<Record<string, string>>;

/** One clear line for the user, and the exit code that goes with it. */
export function describeError(error: unknown, flags: FlagNames = {}): { line: string; exitCode: number } {
  if (error instanceof CommanderError) return { line: error.message.replace(/^error: /, ''), exitCode: EXIT_USAGE };
  if (error instanceof InvalidArgumentError) {
    const parts = error.issues.map((issue) => {
      const key = issue.path.join('.');
      const where = flags[key] ?? flags[String(issue.path.at(-1) ?? '')] ?? key;
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    });
    return { line: parts.join('; '), exitCode: EXIT_USAGE };
  }
  if (error instanceof NoSuchModelError || error instanceof UnreachableError) return { line: error.message, exitCode: EXIT_USAGE };
  if (error instanceof AbortedError) return { line: 'interrupted', exitCode: EXIT_INTERRUPTED };
  if (error instanceof ConcordError) return { line: error.message, exitCode: EXIT_FAILURE };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `unexpected failure: ${message}`, exitCode: EXIT_FAILURE };
}
