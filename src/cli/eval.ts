import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { resolveStrategy } from '../strategies/index.js';
import { resolveDataDir, resolveTask } from '../tasks/index.js';
import {
  createProgressBar,
  formatRecorded,
  resumeEvaluation,
  runEvaluation,
  runMarkdown,
  runSummary,
  RunStore,
  writeReport,
  type EvaluationOutcome,
  type Metrics,
} from '../eval/index.js';
import { wholeNumber } from './parse.js';
import { EXIT_INTERRUPTED } from './errors.js';
import { addModelOptions, addStrategyOptions, modelDescription, openModelFrom, strategyOptionsFrom, withInterrupt, type ModelFlags, type StrategyFlags } from './shared-options.js';

interface EvalFlags extends ModelFlags, StrategyFlags {
  split?: string;
  limit?: number;
  dataDir?: string;
  store?: string;
  skipBadRecords?: boolean;
  resume?: string;
  export?: string;
  out?: string;
  report?: string;
  json?: boolean;
}

export function evalCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  const command = new Command('eval')
    .description('Evaluate a strategy on a benchmark task; every item is stored as it finishes, so a stopped run resumes (README: "concord eval")')
    .argument('[task]', 'task name, e.g. gsm8k, bbh/date_understanding, letters (see README for the list)');
  addModelOptions(command);
  addStrategyOptions(command, 'chain-of-thought');
  return command
    .option('--split <split>', "the task's split (default: its first; synthetic tasks: in or out)")
    .option('-n, --limit <n>', 'only the first n items', wholeNumber(1))
    .option('--data-dir <dir>', 'where the data sets are (default: $CONCORD_DATA_DIR, else ../shared/datasets beside the package)')
    .option('--store <file>', 'the SQLite run store (default: $CONCORD_STORE, else .concord/runs.sqlite)')
    .option('--skip-bad-records', 'load the rest of a data file when some records are malformed (they are listed)')
    .option('--resume <run-id>', 'continue a stopped run exactly where it stopped')
    .option('--export <run-id>', "write a run's generations as recorded JSONL (for concord score) to --out or stdout")
    .option('-o, --out <file>', 'with --export: the JSONL file to write')
    .option('--report <dir>', 'write the report (Markdown and SVG plots) of the run here when it ends')
    .option('--json', 'print one JSON object with the metrics')
    .action((task: string | undefined, flags: EvalFlags, command: Command) => run(() => evaluate(task, flags, givenFlags(command))));
}

/** The flags the user typed (not defaults), as their option names. */
function givenFlags(command: Command): string[] {
  return command.options.map((o) => o.attributeName()).filter((name) => command.getOptionValueSource(name) === 'cli');
}

const MODEL_FLAGS = new Set(['model', 'modelId', 'endpoint', 'apiKey', 'threads', 'sequences', 'contextSize', 'store', 'json', 'report']);

/** --resume continues a run with its own recorded settings and --export only reads: other flags would be ignored. */
function checkModeFlags(flags: EvalFlags, given: readonly string[]): void {
  const mode = flags.export !== undefined ? 'export' : flags.resume !== undefined ? 'resume' : undefined;
  if (mode === undefined) return;
  const allowed = mode === 'export' ? new Set(['export', 'out', 'store']) : new Set([...MODEL_FLAGS, 'resume']);
  const ignored = given.filter((name) => !allowed.has(name));
  if (ignored.length > 0) {
    throw new InvalidArgumentError(
      ignored.map((name) => ({ path: [`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`], message: `cannot be combined with --${mode}${mode === 'resume' ? ' (a resumed run keeps the settings it started with)' : ''}` })),
    );
  }
}

async function evaluate(taskName: string | undefined, flags: EvalFlags, given: readonly string[]): Promise<void> {
  checkModeFlags(flags, given);
  // Resuming or exporting reads a store that must exist; a new run creates it.
  using store = new RunStore(flags.store, { mustExist: flags.resume !== undefined || flags.export !== undefined });
  if (flags.export !== undefined) {
    const text = formatRecorded(store.exportRecorded(flags.export));
    if (flags.out === undefined) process.stdout.write(text);
    else await writeFile(flags.out, text, 'utf8');
    return;
  }
  if (flags.resume !== undefined && taskName !== undefined) {
    throw new InvalidArgumentError([{ path: ['--resume'], message: `resumes the run's own task; leave out the task name "${taskName}"` }]);
  }
  if (flags.resume === undefined && taskName === undefined) {
    throw new InvalidArgumentError([{ path: ['task'], message: 'name a task (e.g. concord eval gsm8k) or give --resume <run-id>' }]);
  }
  // Names are checked before a (possibly large) model is loaded.
  const task = taskName === undefined ? undefined : resolveTask(taskName);
  const strategy = resolveStrategy(flags.strategy);
  const strategyOptions = task === undefined ? {} : strategyOptionsFrom(strategy, flags);
  let interrupted = false;
  const outcome = await withInterrupt(async (signal) => {
    signal.addEventListener('abort', () => (interrupted = true), { once: true });
    const model = await openModelFrom(flags, signal);
    const progress = flags.json ? undefined : createProgressBar({ label: taskName ?? flags.resume ?? '' });
    try {
      if (flags.resume !== undefined) {
        return await resumeEvaluation({ store, runId: flags.resume, model, signal, ...(progress ? { onProgress: progress.onProgress } : {}) });
      }
      return await runEvaluation({
        store,
        task: task as NonNullable<typeof task>,
        dataDir: resolveDataDir(flags.dataDir),
        strategy,
        strategyOptions,
        model,
        modelDescription: modelDescription(flags),
        signal,
        ...(flags.split === undefined ? {} : { split: flags.split }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.skipBadRecords ? { skipBadRecords: true } : {}),
        ...(progress ? { onProgress: progress.onProgress } : {}),
      });
    } finally {
      progress?.stop();
      await model.dispose();
    }
  });
  const info = store.getRun(outcome.runId);
  const summary = runSummary({ task: info.task, strategy: info.strategy, model: info.model, items: store.scoredItems(outcome.runId), metrics: outcome.metrics });
  if (flags.report !== undefined) await writeReport(summary, flags.report);
  for (const bad of outcome.skipped) process.stderr.write(`concord: skipped ${bad.file}:${bad.line}: ${bad.message}\n`);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ runId: outcome.runId, status: outcome.status, task: info.task, ...metricsJson(outcome.metrics), skipped: outcome.skipped })}\n`,
    );
  } else {
    process.stdout.write(`${runMarkdown(summary)}\n\n${statusLine(outcome)}\n`);
  }
  if (interrupted && outcome.status === 'stopped') process.exitCode = EXIT_INTERRUPTED;
}

function statusLine(outcome: EvaluationOutcome): string {
  return outcome.status === 'done'
    ? `Run ${outcome.runId} done. Report: concord report ${outcome.runId} --out <dir>`
    : `Run ${outcome.runId} stopped after ${outcome.metrics.items} items. Continue it: concord eval --resume ${outcome.runId}`;
}

/** The harness's `--json` shape (accuracies as fractions); shared by eval, score and report. */
export function metricsJson(metrics: Metrics): Record<string, unknown> {
  return {
    items: metrics.items,
    accuracy: metrics.accuracy,
    ci95: metrics.ci95,
    abstentionRate: metrics.abstentionRate,
    majAtK: metrics.majAtK,
    passAtK: metrics.passAtK,
    tokensPerItem: metrics.tokensPerItem,
    secondsPerItem: metrics.secondsPerItem,
    calibration: metrics.calibration,
  };
}
