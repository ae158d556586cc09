/**
 * Admission control: at most `maxConcurrent` requests run; up to `queue` more wait their turn in arrival order;
 * past that a request is refused at once with a ServerBusyError (429 with Retry-After), so load beyond capacity
 * costs the server nothing but the refusal.
 */
import { AbortedError, InvalidArgumentError } from '../spec/errors/index.js';
import { ServerBusyError, ShuttingDownError } from './server-errors.js';

export interface AdmissionOptions {
  readonly maxConcurrent: number;
  readonly queue: number;
}

export type Release = () => void;

interface Waiter {
  readonly admit: () => void;
  readonly refuse: (error: unknown) => void;
}

export class Admission {
  readonly maxConcurrent: number;
  readonly queueLimit: number;
  #running = 0;
  readonly #waiting: Waiter[] = [];
  #closed = false;
  #idle: (() => void) | undefined;
  /** Mean seconds a request has held its slot, for Retry-After. */
  #meanSeconds = 1;

  constructor(options: AdmissionOptions) {
    const issues = [
      ...(Number.isInteger(options.maxConcurrent) && options.maxConcurrent >= 1 ? [] : [{ path: ['maxConcurrent'], message: 'must be a whole number ≥ 1' }]),
      ...(Number.isInteger(options.queue) && options.queue >= 0 ? [] : [{ path: ['queue'], message: 'must be a whole number ≥ 0' }]),
    ];
    if (issues.length > 0) throw new InvalidArgumentError(issues);
    this.maxConcurrent = options.maxConcurrent;
    this.queueLimit = options.queue;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Refuses now, before the request's body is even read, when a new request could neither run nor queue: under
   * overload the refusals are the traffic, so they must cost next to nothing.
   */
  throwIfFull(): void {
    if (this.#closed) throw new ShuttingDownError();
    if (this.#running >= this.maxConcurrent && this.#waiting.length >= this.queueLimit) throw this.#busy();
  }

  #busy(): ServerBusyError {
    const seconds = Math.max(1, Math.ceil(this.#meanSeconds * (1 + this.#waiting.length / this.maxConcurrent)));
    return new ServerBusyError(this.#running, this.#waiting.length, seconds);
  }

  /** Waits for a slot; the returned function gives it back (call it exactly once). */
  async acquire(signal?: AbortSignal): Promise<Release> {
    if (this.#closed) throw new ShuttingDownError();
    signal?.throwIfAborted();
    if (this.#running < this.maxConcurrent) {
      this.#running++;
      return this.#release();
    }
    if (this.#waiting.length >= this.queueLimit) throw this.#busy();
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        refuse: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new AbortedError('waiting for a server slot', { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
    return this.#release();
  }

  /** Refuses every waiting and future request; resolves when the running ones have released their slots. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.refuse(new ShuttingDownError());
    if (this.#running === 0) return;
    await new Promise<void>((resolve) => (this.#idle = resolve));
  }

  /** The release of a slot already counted in #running. */
  #release(): Release {
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#meanSeconds = 0.9 * this.#meanSeconds + 0.1 * ((performance.now() - started) / 1000);
      const next = this.#waiting.shift();
      if (next !== undefined) {
        // The slot passes straight to the next waiter, so #running stays as it is and no newcomer can take it.
        next.admit();
        return;
      }
      this.#running--;
      if (this.#running === 0) this.#idle?.();
    };
  }
}
