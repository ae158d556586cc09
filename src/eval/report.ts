/**
 * Reports of evaluation runs: a Markdown table per run (items, accuracy with its 95% interval, abstention, maj@k and
 * pass@k, cost per item and per correct item, calibration), a comparison table across runs (tasks × strategies),
 * the same in JSON, and three SVG plots (plots.ts). `writeReport` writes report.md, report.json and the plots.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { computeMetrics, type Metrics, type ScoredItem } from './metrics.js';
import { renderPlots, runLabel, type PlotRun } from './plots.js';

export interface RunSummary extends PlotRun {
  readonly metrics: Metrics;
}

export interface RunSummaryInput {
  readonly task: string;
  readonly strategy: string;
  readonly model: string;
  readonly items: readonly ScoredItem[];
  /** The k of maj@k. @default computeMetrics's */
  readonly ks?: readonly number[];
  /** Metrics already computed over `items` (with the same ks); computed here when absent. */
  readonly metrics?: Metrics;
}

/**
 * A run's summary: its metrics, and its maj@k curve with tokens per item at k paths, estimated as the item's input
 * tokens plus k/K of its output tokens (K its recorded paths): the cost of the same prompt with k paths sampled.
 */
export function runSummary(input: RunSummaryInput): RunSummary {
  const metrics = input.metrics ?? computeMetrics(input.items, input.ks === undefined ? {} : { ks: input.ks });
  const n = input.items.length;
  const curve = Object.entries(metrics.majAtK)
    .map(([key, accuracy]) => {
      const k = Number(key);
      const tokens = input.items.reduce((sum, item) => {
        const paths = item.paths.length;
        return sum + item.inputTokens + (paths === 0 ? 0 : (k / paths) * item.outputTokens);
      }, 0);
      return { k, accuracy, tokensPerItem: n === 0 ? 0 : tokens / n };
    })
    .sort((a, b) => a.k - b.k);
  return { task: input.task, strategy: input.strategy, model: input.model, metrics, curve };
}

/** The ks shown in a table row: all when few, else 1, powers of two and the largest. */
export function shownKs(ks: readonly number[], most = 12): number[] {
  const sorted = [...ks].sort((a, b) => a - b);
  if (sorted.length <= most) return sorted;
  const last = sorted.at(-1) ?? 0;
  return sorted.filter((k) => k === 1 || k === last || (k & (k - 1)) === 0);
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number | null, digits = 1): string => (x === null ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown section of one run. */
export function runMarkdown(run: RunSummary): string {
  const m = run.metrics;
  const [lo, hi] = m.ci95;
  const overview = table(
    ['Task', 'Strategy', 'Model', 'Items', 'Accuracy (95% CI)', 'Abstained', 'Tokens/item', 'Seconds/item', 'Tokens/correct', 'Seconds/correct'],
    [
      [
        run.task,
        run.strategy,
        run.model,
        String(m.items),
        `${percent(m.accuracy)} (${percent(lo)}–${percent(hi)})`,
        percent(m.abstentionRate),
        fixed(m.tokensPerItem, 0),
        fixed(m.secondsPerItem, 2),
        fixed(m.tokensPerCorrect, 0),
        fixed(m.secondsPerCorrect, 2),
      ],
    ],
  );
  const ks = shownKs(Object.keys(m.majAtK).map(Number));
  const atK =
    ks.length === 0
      ? ''
      : `\n\n${table(
          ['k', ...ks.map(String)],
          [
            ['maj@k', ...ks.map((k) => percent(m.majAtK[String(k)] ?? 0))],
            ['pass@k', ...ks.map((k) => percent(m.passAtK[String(k)] ?? 0))],
          ],
        )}`;
  const calibration = table(
    ['Vote share', 'Items', 'Accuracy', 'Mean share'],
    m.calibration.buckets.map((b) => [b.label, String(b.items), b.accuracy === null ? '–' : percent(b.accuracy), b.meanShare === null ? '–' : percent(b.meanShare)]),
  );
  return `## ${cell(runLabel(run))}\n\n${overview}${atK}\n\nCalibration (expected calibration error ${percent(m.calibration.ece)}):\n\n${calibration}\n`;
}

export interface Comparison {
  readonly tasks: readonly string[];
  /** Strategies, or `strategy · model` when the runs use more than one model. */
  readonly columns: readonly string[];
  /** accuracy[task][column]; null where no run has that pair (the last run of a pair wins). */
  readonly accuracy: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
}

export function comparison(runs: readonly RunSummary[]): Comparison {
  const models = new Set(runs.map((r) => r.model));
  const column = (r: RunSummary): string => (models.size > 1 ? `${r.strategy} · ${r.model}` : r.strategy);
  const tasks = [...new Set(runs.map((r) => r.task))];
  const columns = [...new Set(runs.map(column))];
  const accuracy: Record<string, Record<string, number | null>> = {};
  for (const task of tasks) accuracy[task] = Object.fromEntries(columns.map((c) => [c, null]));
  for (const run of runs) (accuracy[run.task] as Record<string, number | null>)[column(run)] = run.metrics.accuracy;
  return { tasks, columns, accuracy };
}

/** Rows tasks, columns strategies, cells accuracy. */
export function comparisonMarkdown(runs: readonly RunSummary[]): string {
  const c = comparison(runs);
  return table(
    ['Task', ...c.columns],
    c.tasks.map((task) => [task, ...c.columns.map((col) => {
      const value = c.accuracy[task]?.[col] ?? null;
      return value === null ? '–' : percent(value);
    })]),
  );
}

/** The whole report: the comparison (for more than one run), then each run, then the plots. */
export function reportMarkdown(runs: readonly RunSummary[], plots: readonly string[] = []): string {
  const parts = ['# Evaluation report\n'];
  if (runs.length > 1) parts.push(`## Accuracy by task and strategy\n\n${comparisonMarkdown(runs)}\n`);
  parts.push(...runs.map(runMarkdown));
  if (plots.length > 0) parts.push(`## Plots\n\n${plots.map((file) => `![${file.replace(/\.svg$/u, '')}](${file})`).join('\n\n')}\n`);
  return parts.join('\n');
}

export interface ReportJSON {
  readonly runs: readonly RunSummary[];
  readonly comparison: Comparison;
}

export function reportJSON(runs: readonly RunSummary[]): ReportJSON {
  return { runs, comparison: comparison(runs) };
}

/** Writes report.md, report.json and the three SVG plots into `outDir` (created if missing); returns the paths written. */
export async function writeReport(runs: RunSummary | readonly RunSummary[], outDir: string): Promise<string[]> {
  const list: readonly RunSummary[] = Array.isArray(runs) ? runs : [runs as RunSummary];
  await mkdir(outDir, { recursive: true });
  const plots = await renderPlots(list);
  const files: Record<string, string> = {
    'report.md': reportMarkdown(list, Object.keys(plots)),
    'report.json': `${JSON.stringify(reportJSON(list), null, 2)}\n`,
    ...plots,
  };
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(outDir, name);
    await writeFile(file, text, 'utf8');
    written.push(file);
  }
  return written;
}
