#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { askCommand } from './ask.js';
import { evalCommand } from './eval.js';
import { reportCommand } from './report.js';
import { runsCommand } from './runs.js';
import { scoreCommand } from './score.js';
import { serveCommand } from './serve.js';
import { FLAG_NAMES } from './shared-options.js';
import { describeError, EXIT_USAGE } from './errors.js';

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Runs a command's work; a failure prints one line `concord: <what went wrong>` and sets the exit code. */
async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const { line, exitCode } = describeError(error, FLAG_NAMES);
    process.stderr.write(`concord: ${line}\n`);
    process.exitCode = exitCode;
  }
}

export function buildProgram(): Command {
  const program = new Command('concord')
    .description('Concord: chain-of-thought, zero-shot chain-of-thought and self-consistency on any decoder-only language model')
    .version(version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'concord: ')) });
  program.addCommand(askCommand(run));
  program.addCommand(evalCommand(run));
  program.addCommand(reportCommand(run));
  program.addCommand(scoreCommand(run));
  program.addCommand(runsCommand(run));
  program.addCommand(serveCommand(run));
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Commander has printed its message (with a "did you mean" where one is near); help and --version exit 0.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  else throw error;
}
