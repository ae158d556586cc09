import { Command, Option } from 'commander';
import { reportJSON, reportMarkdown, runSummary, RunStore, writeReport, type RunSummary } from '../eval/index.js';
import { metricsJson } from './eval.js';

interface ReportFlags {
  format: 'md' | 'json';
  out?: string;
  store?: string;
}

export function reportCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  return new Command('report')
    .description('Tables and SVG plots of evaluation runs; several runs give a comparison table (README: "concord report")')
    .argument('<run-id...>', 'runs from the store (see concord runs)')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .option('-o, --out <dir>', 'write report.md, report.json and the plots (accuracy vs paths, vs tokens, calibration) here')
    .option('--store <file>', 'the SQLite run store (default: $CONCORD_STORE, else .concord/runs.sqlite)')
    .option('--json', 'the same as --format json')
    .action((ids: string[], flags: ReportFlags & { json?: boolean }) => run(() => report(ids, { ...flags, format: flags.json ? 'json' : flags.format })));
}

async function report(ids: readonly string[], flags: ReportFlags): Promise<void> {
  using store = new RunStore(flags.store, { mustExist: true });
  const summaries: RunSummary[] = ids.map((id) => {
    const info = store.getRun(id);
    return runSummary({ task: info.task, strategy: info.strategy, model: info.model, items: store.scoredItems(id) });
  });
  if (flags.out !== undefined) {
    const written = await writeReport(summaries, flags.out);
    process.stderr.write(`wrote ${written.join(', ')}\n`);
  }
  if (flags.format === 'json') {
    const [only] = summaries;
    const json = summaries.length === 1 && only ? { task: only.task, ...metricsJson(only.metrics) } : reportJSON(summaries);
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    process.stdout.write(`${reportMarkdown(summaries)}\n`);
  }
}
