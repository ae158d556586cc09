import type { BatchItem, CustomBatchingPrioritizationStrategy, LlamaContext, LlamaContextSequence, PrioritizedBatchItem } from 'node-llama-cpp';

interface QueuedDecode {
  readonly sequenceId: number;
  readonly tokens: readonly unknown[];
}

/**
 * A batch prioritization for node-llama-cpp that lays out each batch in sequence-id order.
 *
 * With more than one sequence, llama.cpp keeps one K-V stream per sequence and cuts a batch into micro-batches
 * of consecutive, increasing sequence ids (`llama_batch_allocr::split_equal`, sequential); each micro-batch is one
 * more pass through the model. node-llama-cpp lays a batch out in the order its sequences asked, which follows the
 * order their tokens were sampled and drifts (a sequence whose token came last misses the next batch and asks
 * after the others from then on). On Concord Mini with 16 paths that cut about 55 batches into 150–380 passes.
 * In id order, a batch is one pass for each run of consecutive ids.
 *
 * Token budgets are shared as node-llama-cpp's default ("maximumParallelism") shares them: an equal part each,
 * then what is left in order. The sequence ids come from the context's queue (node-llama-cpp 3.21.1 internals,
 * matched by the items' token arrays); if they cannot be read, the order is left as it came. node-llama-cpp asks
 * once per batch, so `onBatch` counts the batches.
 */
export function sequenceOrderBatching(context: () => LlamaContext | undefined, onBatch: () => void = () => undefined): CustomBatchingPrioritizationStrategy {
  return ({ items, size }) => {
    onBatch();
    return shareTokens(inSequenceOrder(items, queuedDecodes(context())), size);
  };
}

function queuedDecodes(context: LlamaContext | undefined): readonly QueuedDecode[] | undefined {
  const queue = (context as unknown as { _queuedDecodes?: unknown } | undefined)?._queuedDecodes;
  return Array.isArray(queue) ? (queue as QueuedDecode[]) : undefined;
}

function inSequenceOrder(items: readonly BatchItem[], queue: readonly QueuedDecode[] | undefined): readonly BatchItem[] {
  if (queue === undefined || items.length < 2) return items;
  const idOf = new Map<readonly unknown[], number>(queue.map((decode) => [decode.tokens, decode.sequenceId]));
  const ids = items.map((item) => idOf.get(item.tokens));
  if (ids.some((id) => typeof id !== 'number')) return items;
  return items.map((item, at) => ({ item, id: ids[at] as number })).sort((a, b) => a.id - b.id).map(({ item }) => item);
}

/** An equal share of the batch's token slots for each item, then what is left over, in order. */
export function shareTokens(items: readonly BatchItem[], size: number): PrioritizedBatchItem[] {
  const share = Math.max(1, Math.floor(size / Math.max(1, items.length)));
  let left = size;
  const prioritized: PrioritizedBatchItem[] = [];
  for (const item of items) {
    if (left <= 0) break;
    const processAmount = Math.min(item.tokens.length, share, left);
    prioritized.push({ item, processAmount });
    left -= processAmount;
  }
  for (const entry of prioritized) {
    if (left <= 0) break;
    const more = Math.min(entry.item.tokens.length - entry.processAmount, left);
    entry.processAmount += more;
    left -= more;
  }
  return prioritized;
}

/**
 * Makes the context's next batch wait, once per batch, for the event loop to turn, so every sequence whose token
 * was just sampled has asked for its next step before the batch is laid out.
 *
 * node-llama-cpp lays out the next batch as soon as the last token of this one is sampled, in the same run of
 * microtasks in which that last sequence's path is still handing its token up and asking for the next: it comes
 * too late, decodes in a batch of its own after the others, and from then on lags one batch behind (16 paths on
 * Concord Mini: 55 batches where 48 would do). The wait goes through the hook node-llama-cpp awaits after
 * each batch (`afterBatchAction`, node-llama-cpp 3.21.1 internals), shared by the batch's sequences, and only
 * while `worthWaiting` says more than one path is decoding (a lone path has nobody to wait for).
 */
export function waitForLateSequences(sequences: readonly LlamaContextSequence[], worthWaiting: () => boolean): void {
  let turn: Promise<void> | undefined;
  const nextTurn = (): Promise<void> =>
    (turn ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        turn = undefined;
        resolve();
      }),
    ));
  for (const sequence of sequences) {
    const holder = sequence as unknown as Record<string, unknown>;
    const afterBatch = holder[AFTER_BATCH];
    if (typeof afterBatch !== 'function') {
      throw new Error(`node-llama-cpp internals changed (LlamaContextSequence.${AFTER_BATCH}); Concord pins node-llama-cpp 3.21.1`);
    }
    holder[AFTER_BATCH] = (...args: unknown[]): unknown => {
      const result: unknown = (afterBatch as (...a: unknown[]) => unknown)(...args);
      if (!worthWaiting()) return result;
      return result instanceof Promise ? result.then(nextTurn) : nextTurn();
    };
  }
}

const AFTER_BATCH = '_takeIntervalCheckpointIfNeededAfterBatch';
