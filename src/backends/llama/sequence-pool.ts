import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import { waitForLateSequences } from './batch-order.js';

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

  /** Each sequence's place in the order the context handed them out: its sequence id on a fresh context. */
  readonly #ids = new Map<LlamaContextSequence, number>();

  constructor(context: LlamaContext, size: number) {
    for (let i = 0; i < size; i++) {
      const sequence = context.getSequence();
      this.#ids.set(sequence, i);
      this.#free.push(sequence);
    }
    waitForLateSequences(this.#free, () => this.#inUse > 1);
  }

  #idOf(sequence: LlamaContextSequence): number {
    return this.#ids.get(sequence) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * A free sequence (waiting for one when none is), preferring the one whose state shares the longest prefix with
   * `tokens`, so that prefix is not evaluated again, and then the lowest sequence id: llama.cpp decodes a run of
   * consecutive ids in one pass (see batch-order.ts), so paths keep to the low ids.
   */
  async acquire(signal?: AbortSignal, tokens?: readonly Token[]): Promise<LlamaContextSequence> {
    signal?.throwIfAborted();
    if (this.#free.length > 0) {
      let best = 0;
      let bestShared = -1;
      this.#free.forEach((candidate, at) => {
        const shared = tokens === undefined ? 0 : sharedPrefixLength(candidate.contextTokens, tokens);
        if (shared > bestShared || (shared === bestShared && this.#idOf(candidate) < this.#idOf(this.#free[best] as LlamaContextSequence))) {
          [best, bestShared] = [at, shared];
        }
      });
      const [sequence] = this.#free.splice(best, 1);
      return this.#take(sequence as LlamaContextSequence);
    }
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

  /** Whether some free sequence lacks at least `minMissing` of the leading `tokens` (so loading them would pay). */
  someFreeLack(tokens: readonly Token[], minMissing: number): boolean {
    return this.#free.some((sequence) => tokens.length - sharedPrefixLength(sequence.contextTokens, tokens) >= minMissing);
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

/** How many leading tokens two token lists share. */
export function sharedPrefixLength(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
