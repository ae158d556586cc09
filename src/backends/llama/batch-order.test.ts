import type { BatchItem, LlamaContext, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { sequenceOrderBatching, shareTokens } from './batch-order.js';

// node-llama-cpp hands the strategy items built from its queue, sharing the queue entries' token arrays.
function queued(sequenceId: number, tokens: number): { sequenceId: number; tokens: Token[]; item: BatchItem } {
  const array = Array.from({ length: tokens }, (_, i) => (sequenceId * 100 + i) as Token);
  return { sequenceId, tokens: array, item: { tokens: array, logits: [true], evaluationPriority: 5 } };
}
const contextWith = (queue: readonly { sequenceId: number; tokens: Token[] }[]): LlamaContext => ({ _queuedDecodes: queue }) as unknown as LlamaContext;

describe('sequenceOrderBatching', () => {
  it('lays a batch out in sequence-id order, whatever order the sequences asked in', () => {
    const queue = [queued(3, 1), queued(0, 1), queued(2, 1), queued(1, 1)];
    const strategy = sequenceOrderBatching(() => contextWith(queue));
    const out = strategy({ items: queue.map((q) => q.item), size: 512 });
    expect(out.map((p) => p.item)).toEqual([queue[1]?.item, queue[3]?.item, queue[2]?.item, queue[0]?.item]);
    expect(out.every((p) => p.processAmount === 1)).toBe(true);
  });

  it('leaves the order as it came when the queue cannot be read, and counts every batch', () => {
    let batches = 0;
    const queue = [queued(2, 1), queued(1, 1)];
    const strategy = sequenceOrderBatching(() => undefined, () => batches++);
    expect(strategy({ items: queue.map((q) => q.item), size: 512 }).map((p) => p.item)).toEqual(queue.map((q) => q.item));
    // Items the queue does not know (another strategy's) are not reordered either.
    const known = sequenceOrderBatching(() => contextWith([queue[1] as (typeof queue)[number]]), () => batches++);
    expect(known({ items: queue.map((q) => q.item), size: 512 }).map((p) => p.item)).toEqual(queue.map((q) => q.item));
    expect(batches).toBe(2);
  });
});

describe('shareTokens', () => {
  it('gives each item an equal share of the slots, then the rest in order, never more than the batch holds', () => {
    const [a, b, c] = [queued(0, 300), queued(1, 10), queued(2, 300)];
    const out = shareTokens([a.item, b.item, c.item], 512);
    // 170 each; b needs only 10, so a then c take what is left (332 → a to 300, c the remaining 202).
    expect(out.map((p) => p.processAmount)).toEqual([300, 10, 202]);
    expect(out.reduce((sum, p) => sum + p.processAmount, 0)).toBe(512);
  });

  it('puts no more items in a batch than it has slots', () => {
    const items = Array.from({ length: 5 }, (_, i) => queued(i, 1).item);
    expect(shareTokens(items, 3).map((p) => p.processAmount)).toEqual([1, 1, 1]);
  });
});
