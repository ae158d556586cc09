/** A progress bar for an evaluation run on stderr, drawn only when it is a terminal (silent in logs, pipes and CI). */
import cliProgress from 'cli-progress';
import type { EvaluationProgress } from './run-eval.js';

export interface ProgressBarOptions {
  /** @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Shown before the bar, e.g. the run id. @default none */
  readonly label?: string;
}

export interface ProgressReporter {
  /** Pass as runEvaluation's `onProgress`. */
  readonly onProgress: (progress: EvaluationProgress) => void;
  /** Stops drawing and leaves the last state on screen; call it when the run ends, however it ends. Idempotent. */
  stop(): void;
}

/** What the bar shows after the counts: running accuracy and this process's output rate. */
export function progressFields(progress: EvaluationProgress): { accuracy: string; rate: string; failed: string } {
  const accuracy = progress.done === 0 ? '-' : `${((100 * progress.correct) / progress.done).toFixed(1)}%`;
  const rate = progress.seconds > 0 ? `${(progress.outputTokens / progress.seconds).toFixed(1)}` : '-';
  return { accuracy, rate, failed: progress.failed === 0 ? '' : ` | ${progress.failed} failed` };
}

/** A cli-progress bar: items done/total, ETA, running accuracy, tokens/s. A no-op when the stream is not a TTY. */
export function createProgressBar(options: ProgressBarOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) return { onProgress: () => undefined, stop: () => undefined };
  const label = options.label === undefined ? '' : `${options.label} `;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label}{bar} {value}/{total} items | ETA {eta_formatted} | accuracy {accuracy} | {rate} tokens/s{failed}`,
      hideCursor: true,
      etaBuffer: 20,
      gracefulExit: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  const stop = (): void => {
    if (started && !stopped) bar.stop();
    stopped = true;
  };
  return {
    onProgress: (progress) => {
      if (stopped) return;
      if (!started) {
        bar.start(progress.total, progress.done, progressFields(progress));
        started = true;
      } else bar.update(progress.done, progressFields(progress));
      if (progress.done >= progress.total) stop();
    },
    stop,
  };
}
