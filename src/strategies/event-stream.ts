/**
 * Turns a strategy's work into an async stream of events. The work pushes events from callbacks (a backend's
 * onTextDelta) as well as from awaited completions, so a queue sits between it and the consumer.
 */
import { AbortedError } from '../spec/errors/index.js';

export interface EventSink<Event> {
  readonly emit: (event: Event) => void;
  /** Aborted when the caller's signal fires, when the consumer stops reading, and when the work ends. */
  readonly signal: AbortSignal;
  /** Stops the work's other calls, e.g. when one of several parallel calls failed. */
  readonly abort: (reason: unknown) => void;
}

/** Starts `work` when the stream is first read; its events come out in order, its error is thrown to the reader. */
export async function* eventStream<Event>(
  operation: string,
  work: (sink: EventSink<Event>) => Promise<void>,
  signal?: AbortSignal,
): AsyncGenerator<Event, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(new AbortedError(operation, { cause: signal?.reason }));
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  const queue: Event[] = [];
  let settled = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const sink: EventSink<Event> = {
    emit: (event) => {
      if (settled) return;
      queue.push(event);
      notify();
    },
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
  };
  const task = work(sink).then(
    () => undefined,
    (error: unknown) => {
      failure = { error };
    },
  );
  void task.finally(() => {
    settled = true;
    notify();
  });

  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (settled) break;
      // No event can slip in between the checks above and this: the executor runs synchronously.
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure !== undefined) throw failure.error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stops calls still in flight: the consumer stopped early, or one call failed while others ran.
    if (!controller.signal.aborted) controller.abort(new AbortedError(`${operation} (stream closed)`));
    await task;
  }
}

/** Throws an AbortedError (the signal's own reason where it is one) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal, operation: string): void {
  if (!signal.aborted) return;
  throw asAbortedError(signal, operation, signal.reason);
}

/** A failure while the signal has fired is reported as the abort it is, whatever the backend threw. */
export function asAbortedError(signal: AbortSignal, operation: string, error: unknown): unknown {
  if (!signal.aborted || error instanceof AbortedError) return error;
  const reason: unknown = signal.reason;
  return reason instanceof AbortedError ? reason : new AbortedError(operation, { cause: error });
}
