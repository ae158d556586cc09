/**
 * The report's plots as SVG, rendered in Node without a browser: a Vega-Lite spec compiled to Vega, run in a
 * headless View (`renderer: 'none'`), and serialised with `toSVG()` (text is measured by Vega's estimate, as no
 * canvas is installed).
 */

import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Metrics } from './metrics.js';

/** What the plots read of a run (a RunSummary of report.ts is one). */
export interface PlotRun {
  readonly task: string;
  readonly strategy: string;
  readonly model: string;
  /** maj@k per k, with the (estimated) tokens per item at k paths. */
  readonly curve: readonly { readonly k: number; readonly accuracy: number; readonly tokensPerItem: number }[];
  readonly metrics: Pick<Metrics, 'calibration'>;
}

/** A run's name in legends: task · strategy · model. */
export function runLabel(run: Pick<PlotRun, 'task' | 'strategy' | 'model'>): string {
  return `${run.task} · ${run.strategy} · ${run.model}`;
}

/**
 * Legend names of several runs: only the parts (task, strategy, model) that differ between them, so two runs of one
 * task and strategy read `mini` and `qwen`; all three parts when nothing differs; `#n` added to repeated names.
 */
export function runLabels(runs: readonly Pick<PlotRun, 'task' | 'strategy' | 'model'>[]): string[] {
  const parts = (['task', 'strategy', 'model'] as const).filter((part) => new Set(runs.map((r) => r[part])).size > 1);
  const names = runs.map((run) => (parts.length === 0 ? runLabel(run) : parts.map((part) => run[part]).join(' · ')));
  return names.map((name, i) => (names.indexOf(name) === names.lastIndexOf(name) ? name : `${name} #${i + 1}`));
}

/** The colour encoding by run, with legend labels left whole. */
function runColour(): { field: string; type: 'nominal'; title: string; legend: { labelLimit: number; orient: 'bottom'; direction: 'vertical' } } {
  return { field: 'run', type: 'nominal', title: 'Run', legend: { labelLimit: 600, orient: 'bottom', direction: 'vertical' } };
}

const WIDTH = 480;
const HEIGHT = 300;
/** The y encoding every plot shares: accuracy from 0 to 100%. */
function accuracyY(): { field: string; type: 'quantitative'; title: string; scale: { domain: number[] }; axis: { format: string } } {
  return { field: 'accuracy', type: 'quantitative', title: 'Accuracy', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
}

/** Accuracy of a k-path majority vote (maj@k) against k, one line per run. */
export function majAtKSpec(runs: readonly PlotRun[]): TopLevelSpec {
  const labels = runLabels(runs);
  const values = runs.flatMap((run, i) => run.curve.map((p) => ({ run: labels[i], k: p.k, accuracy: p.accuracy })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Accuracy against the number of paths (maj@k)',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', title: 'Number of paths (k)', axis: { tickMinStep: 1 } },
      y: accuracyY(),
      color: runColour(),
    },
  };
}

/** Accuracy against tokens per item, one point per run and k (tokens at k see PlotRun.curve). */
export function tokensSpec(runs: readonly PlotRun[]): TopLevelSpec {
  const labels = runLabels(runs);
  const values = runs.flatMap((run, i) => run.curve.map((p) => ({ run: labels[i], k: p.k, tokens: p.tokensPerItem, accuracy: p.accuracy })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Accuracy against tokens per item',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'tokens', type: 'quantitative', title: 'Tokens per item' },
      y: accuracyY(),
      color: runColour(),
      order: { field: 'k', type: 'quantitative' },
    },
  };
}

/** Accuracy per vote-share bucket against the bucket's mean share, with the diagonal of perfect calibration. */
export function calibrationSpec(runs: readonly PlotRun[]): TopLevelSpec {
  const labels = runLabels(runs);
  const values = runs.flatMap((run, i) =>
    run.metrics.calibration.buckets
      .filter((b) => b.items > 0)
      .map((b) => ({ run: labels[i], share: b.meanShare, accuracy: b.accuracy, items: b.items, bucket: b.label })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Calibration: accuracy per vote-share bucket',
    width: HEIGHT,
    height: HEIGHT,
    layer: [
      {
        data: { values: [{ share: 0, accuracy: 0 }, { share: 1, accuracy: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: {
          x: { field: 'share', type: 'quantitative' },
          y: { field: 'accuracy', type: 'quantitative' },
        },
      },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'share', type: 'quantitative', title: 'Vote share (confidence)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          y: accuracyY(),
          color: runColour(),
        },
      },
    ],
  };
}

/** Renders a Vega-Lite spec to an SVG string, headless. */
export async function renderSVG(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface RenderedPlots {
  /** File name → SVG text. */
  readonly [file: string]: string;
}

/** The three plots of a report, keyed by their file names. */
export async function renderPlots(runs: readonly PlotRun[]): Promise<RenderedPlots> {
  const [majAtK, tokens, calibration] = await Promise.all([renderSVG(majAtKSpec(runs)), renderSVG(tokensSpec(runs)), renderSVG(calibrationSpec(runs))]);
  return { 'maj-at-k.svg': majAtK, 'accuracy-vs-tokens.svg': tokens, 'calibration.svg': calibration };
}
