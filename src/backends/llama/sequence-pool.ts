import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';

/**
 * Hands out the context's sequences to paths and takes them back. A path that finds none free waits, so a call
 * with more samples than sequences runs in waves. Released sequences keep their state: the next path on them
 * reuses whatever prompt prefix they share.
 */
export class SequencePool {
  readonly #free: LlamaContextSequence[] = [];
  readonly #waiting: ((sequence: LlamaContextSequence) => void)[] = [];
  #inUse = 0;
  /** The most sequences in use at once since the last `resetPeak()`: evidence that paths decoded together. */
  peakInUse = 0;

  constructor(context: LlamaContext, size: number) {
    for (let i = 0; i < size; i++) this.#free.push(context.getSequence());
  }

  async acquire(signal?: AbortSignal): Promise<LlamaContextSequence> {
    signal?.throwIfAborted();
    const sequence = this.#free.pop();
    if (sequence) return this.#take(sequence);
    return new Promise<LlamaContextSequence>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(grant);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(signal?.reason);
      };
      const grant = (s: LlamaContextSequence): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#take(s));
      };
      this.#waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(sequence: LlamaContextSequence): void {
    this.#inUse--;
    const next = this.#waiting.shift();
    if (next) next(sequence);
    else this.#free.push(sequence);
  }

  resetPeak(): void {
    this.peakInUse = this.#inUse;
  }

  #take(sequence: LlamaContextSequence): LlamaContextSequence {
    this.#inUse++;
    this.peakInUse = Math.max(this.peakInUse, this.#inUse);
    return sequence;
  }
}
