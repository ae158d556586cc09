import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScoredItem } from './metrics.js';
import { comparison, comparisonMarkdown, reportJSON, runMarkdown, runSummary, shownKs, writeReport } from './report.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function item(id: string, answers: readonly (string | null)[], gold: string): ScoredItem {
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1);
  const voted = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
  return {
    id,
    gold,
    spec: { type: 'number' },
    paths: answers.map((answer) => ({ answer, tokens: 20 })),
    voted,
    correct: voted === gold,
    seconds: 0.5,
    inputTokens: 100,
    outputTokens: 20 * answers.length,
  };
}

const items = [item('a', ['1', '1', '2', '1'], '1'), item('b', ['3', '4', '4', null], '3'), item('c', [null, null, null, null], '5')];

describe('runSummary', () => {
  it('holds the metrics and the maj@k curve with tokens per item at k paths', () => {
    const run = runSummary({ task: 'gsm8k', strategy: 'self-consistency', model: 'mini', items });
    expect(run.curve.map((p) => p.k)).toEqual([1, 2, 3, 4]);
    expect(run.curve[0]?.tokensPerItem).toBe(120);
    expect(run.curve[3]?.tokensPerItem).toBe(180);
    expect(run.curve[3]?.accuracy).toBeCloseTo(run.metrics.majAtK['4'] ?? -1, 12);
  });
});

describe('Markdown', () => {
  const run = runSummary({ task: 'gsm8k', strategy: 'self-consistency', model: 'mini', items });

  it('has the run table, the maj@k and pass@k rows and the calibration table', () => {
    const md = runMarkdown(run);
    expect(md).toContain('## gsm8k · self-consistency · mini');
    expect(md).toContain('| Task | Strategy | Model | Items | Accuracy (95% CI) | Abstained |');
    expect(md).toMatch(/\| gsm8k \| self-consistency \| mini \| 3 \| 33\.3% \(\d+\.\d%–\d+\.\d%\) \| 33\.3% \| 180 \|/);
    expect(md).toContain('| k | 1 | 2 | 3 | 4 |');
    expect(md).toMatch(/\| maj@k \| [\d.]+% \|/);
    expect(md).toMatch(/\| pass@k \| [\d.]+% \|/);
    expect(md).toContain('| Vote share | Items | Accuracy | Mean share |');
    expect(md).toContain('| 0–20% | 1 | 0.0% | 0.0% |');
    expect(md).toContain('| 60–80% | 2 | 50.0% | 70.8% |');
    expect(md).toContain('| 20–40% | 0 | – | – |');
  });

  it('compares accuracy across tasks × strategies', () => {
    const other = runSummary({ task: 'svamp', strategy: 'chain-of-thought', model: 'mini', items: items.slice(0, 1) });
    const md = comparisonMarkdown([run, other]);
    expect(md.split('\n')).toEqual([
      '| Task | self-consistency | chain-of-thought |',
      '| --- | --- | --- |',
      '| gsm8k | 33.3% | – |',
      '| svamp | – | 100.0% |',
    ]);
    const twoModels = comparison([run, { ...other, model: 'qwen' }]);
    expect(twoModels.columns).toEqual(['self-consistency · mini', 'chain-of-thought · qwen']);
    expect(reportJSON([run]).comparison.accuracy).toEqual({ gsm8k: { 'self-consistency': 1 / 3 } });
  });

  it('shows every k when few, else 1, powers of two and the largest', () => {
    expect(shownKs([3, 1, 2])).toEqual([1, 2, 3]);
    expect(shownKs(Array.from({ length: 40 }, (_, i) => i + 1))).toEqual([1, 2, 4, 8, 16, 32, 40]);
  });
});

describe('writeReport', () => {
  it('writes report.md, report.json and three SVG plots', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-report-'));
    dirs.push(dir);
    const runs = [
      runSummary({ task: 'gsm8k', strategy: 'self-consistency', model: 'mini', items }),
      runSummary({ task: 'gsm8k', strategy: 'chain-of-thought', model: 'mini', items: items.map((i) => ({ ...i, paths: i.paths.slice(0, 1) })) }),
    ];
    const files = await writeReport(runs, path.join(dir, 'out'));
    expect(files.map((f) => path.basename(f))).toEqual(['report.md', 'report.json', 'maj-at-k.svg', 'accuracy-vs-tokens.svg', 'calibration.svg']);
    const md = await readFile(path.join(dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain('## Accuracy by task and strategy');
    expect(md).toContain('![maj-at-k](maj-at-k.svg)');
    const json = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8')) as { runs: unknown[] };
    expect(json.runs).toHaveLength(2);
    const svg = await readFile(path.join(dir, 'out', 'maj-at-k.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('>Number of paths (k)<');
    expect(svg).toContain('>Accuracy<');
  });

  it('takes one summary as well as a list', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-report-'));
    dirs.push(dir);
    const files = await writeReport(runSummary({ task: 't', strategy: 's', model: 'm', items }), dir);
    expect(files).toHaveLength(5);
    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).not.toContain('Accuracy by task and strategy');
  });
});
