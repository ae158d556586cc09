import { AbortedError } from '../../spec/errors/index.js';

interface Waiter {
  readonly grant: () => void;
  readonly onAbort: () => void;
}

/** A FIFO semaphore: at most `limit` holders at once. Waiting is abortable, and an aborted waiter leaves the queue. */
export class ConcurrencyLimiter {
  readonly limit: number;
  #active = 0;
  #queue: Waiter[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  /** Resolves with a release function once a slot is free; call it exactly once (extra calls are ignored). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedError('waiting for a request slot', { cause: signal.reason }));
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', waiter.onAbort);
          resolve(this.#releaser());
        },
        onAbort: () => {
          this.#queue = this.#queue.filter((w) => w !== waiter);
          reject(new AbortedError('waiting for a request slot', { cause: signal?.reason }));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // The slot passes straight to the next waiter, so #active stays the same.
      if (next) next.grant();
      else this.#active--;
    };
  }
}
