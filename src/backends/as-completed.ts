/**
 * Runs tasks concurrently and yields each result as soon as it settles, in finishing order. The first failure
 * aborts the other tasks and is rethrown; so does a consumer that stops iterating early (its `break` aborts the rest).
 */
export async function* asCompleted<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
  outerSignal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outerSignal?.reason);
  if (outerSignal?.aborted) onOuterAbort();
  else outerSignal?.addEventListener('abort', onOuterAbort, { once: true });

  type Settled = { readonly index: number } & ({ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown });
  const pending = new Map<number, Promise<Settled>>();
  tasks.forEach((task, index) => {
    pending.set(
      index,
      task(controller.signal).then(
        (value): Settled => ({ index, ok: true, value }),
        (error: unknown): Settled => ({ index, ok: false, error }),
      ),
    );
  });
  try {
    while (pending.size > 0) {
      const settled = await Promise.race(pending.values());
      pending.delete(settled.index);
      if (!settled.ok) throw settled.error;
      yield settled.value;
    }
  } finally {
    outerSignal?.removeEventListener('abort', onOuterAbort);
    if (pending.size > 0) {
      controller.abort(new Error('generation stopped'));
      // Wait for the others to wind down, so their resources (sequences, sockets) are free when we return.
      await Promise.allSettled(pending.values());
    }
  }
}
