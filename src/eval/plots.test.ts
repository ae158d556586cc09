import { describe, expect, it } from 'vitest';
import { calibrationSpec, majAtKSpec, renderPlots, renderSVG, runLabel, tokensSpec, type PlotRun } from './plots.js';

const bucket = (low: number, items: number, accuracy: number | null, meanShare: number | null) => ({
  label: `${low * 100}%`,
  low,
  high: low + 0.2,
  items,
  accuracy,
  meanShare,
});

const run: PlotRun = {
  task: 'gsm8k',
  strategy: 'self-consistency',
  model: 'mini',
  curve: [
    { k: 1, accuracy: 0.4, tokensPerItem: 150 },
    { k: 2, accuracy: 0.45, tokensPerItem: 250 },
    { k: 4, accuracy: 0.55, tokensPerItem: 450 },
  ],
  metrics: {
    calibration: {
      buckets: [bucket(0, 3, 0.1, 0.15), bucket(0.2, 0, null, null), bucket(0.4, 5, 0.5, 0.5), bucket(0.6, 2, 0.6, 0.7), bucket(0.8, 9, 0.9, 0.95)],
      ece: 0.04,
    },
  },
};

describe('plot specs', () => {
  it('hold one value per run and k, and leave empty calibration buckets out', () => {
    expect(runLabel(run)).toBe('gsm8k · self-consistency · mini');
    expect(JSON.stringify(majAtKSpec([run]))).toContain('"k":4');
    expect(JSON.stringify(tokensSpec([run]))).toContain('"tokens":450');
    const calibration = JSON.stringify(calibrationSpec([run]));
    expect(calibration).toContain('"share":0.95');
    expect(calibration).not.toContain('"items":0');
  });
});

describe('renderSVG', () => {
  it('renders all three plots headless, with their titles and axis titles', async () => {
    const plots = await renderPlots([run, { ...run, strategy: 'chain-of-thought' }]);
    expect(Object.keys(plots)).toEqual(['maj-at-k.svg', 'accuracy-vs-tokens.svg', 'calibration.svg']);
    const axes: Record<string, string[]> = {
      'maj-at-k.svg': ['Number of paths (k)', 'Accuracy', 'Run'],
      'accuracy-vs-tokens.svg': ['Tokens per item', 'Accuracy'],
      'calibration.svg': ['Vote share (confidence)', 'Accuracy'],
    };
    for (const [file, titles] of Object.entries(axes)) {
      const svg = plots[file] ?? '';
      expect(svg.startsWith('<svg'), file).toBe(true);
      expect(svg).toContain('</svg>');
      for (const title of titles) expect(svg, `${file} lacks ${title}`).toContain(`>${title}<`);
      expect(svg).toContain('chain-of-thought');
    }
  });

  it('renders an empty run list without failing', async () => {
    expect(await renderSVG(majAtKSpec([]))).toContain('<svg');
  });
});
