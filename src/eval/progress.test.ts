import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar, progressFields } from './progress.js';
import type { EvaluationProgress } from './run-eval.js';

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; output: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const fake = Object.assign(stream, { isTTY, columns: 160 }) as unknown as NodeJS.WriteStream;
  return { stream: fake, output: () => text };
}

const at = (done: number, correct: number, extra: Partial<EvaluationProgress> = {}): EvaluationProgress => ({
  runId: 'run-x',
  total: 6,
  done,
  correct,
  failed: 0,
  outputTokens: 100 * done,
  seconds: done,
  ...extra,
});

describe('progress', () => {
  it('shows running accuracy and tokens/s', () => {
    expect(progressFields(at(0, 0, { seconds: 0 }))).toEqual({ accuracy: '-', rate: '-', failed: '' });
    expect(progressFields(at(3, 2, { failed: 1 }))).toEqual({ accuracy: '66.7%', rate: '100.0', failed: ' | 1 failed' });
  });

  it('draws a bar on a terminal: items done/total, ETA, accuracy, tokens/s', async () => {
    const { stream, output } = terminal(true);
    const bar = createProgressBar({ stream, label: 'run-x' });
    bar.onProgress(at(2, 1));
    bar.onProgress(at(3, 2));
    bar.stop();
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(output()).toContain('run-x');
    expect(output()).toMatch(/3\/6 items \| ETA \S+ \| accuracy 66\.7% \| 100\.0 tokens\/s/);
  });

  it('is silent when stderr is not a terminal', async () => {
    const { stream, output } = terminal(false);
    const bar = createProgressBar({ stream });
    bar.onProgress(at(1, 1));
    bar.onProgress(at(6, 5));
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(output()).toBe('');
  });
});
