import { Command } from 'commander';
import { RunStore } from '../eval/index.js';

export function runsCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  return new Command('runs')
    .description('List the evaluation runs in the store (README: "concord runs")')
    .option('--store <file>', 'the SQLite run store (default: $CONCORD_STORE, else .concord/runs.sqlite)')
    .option('--json', 'print a JSON array')
    .action((flags: { store?: string; json?: boolean }) =>
      run(async () => {
        using store = new RunStore(flags.store, { mustExist: true });
        const runs = store.listRuns();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(runs.map(({ config: _config, ...rest }) => rest))}\n`);
          return;
        }
        if (runs.length === 0) {
          process.stdout.write('no runs yet: start one with concord eval <task>\n');
          return;
        }
        // A run still `running` with no live writer was killed (or its machine went down): resume it.
        const status = (r: (typeof runs)[number]): string => (r.status === 'running' && r.writer === null ? 'interrupted' : r.status);
        const rows = runs.map((r) => [r.id, status(r), r.task + (r.split ? `/${r.split}` : ''), r.strategy, r.model, `${r.finishedItems}/${r.itemCount}`, r.createdAt]);
        const header = ['run', 'status', 'task', 'strategy', 'model', 'items', 'created'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
        const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
        process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
      }),
    );
}
