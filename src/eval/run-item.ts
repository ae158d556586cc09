/** One item of a run: the strategy over its question, each path stored as it ends, the item stored in one transaction. */
import { gradeAnswer } from '../answers/index.js';
import { AbortedError, BackendCallError, InvalidArgumentError, UnreachableError } from '../spec/errors/index.js';
import type { LanguageModel } from '../spec/model.js';
import type { ReasoningResult } from '../spec/result.js';
import type { AnyStrategy } from '../strategies/index.js';
import type { TaskItem } from '../tasks/task.js';
import type { FinishedItem, RunStore } from './run-store.js';

export interface ItemRun {
  readonly store: RunStore;
  readonly runId: string;
  readonly strategy: AnyStrategy;
  readonly model: LanguageModel;
  readonly signal: AbortSignal | undefined;
}

/**
 * Runs one item and records it: scored, or a failure row when the model failed on it (a backend error after the
 * backend's retries, a time-out, a prompt that does not fit this item). Returns undefined when the caller's
 * signal stopped it (nothing recorded but the paths that had ended: a resume redoes the item). Any other error
 * (a configuration or programmer error) is thrown.
 */
export async function runItem(run: ItemRun, item: TaskItem, position: number, options: Readonly<Record<string, unknown>>): Promise<FinishedItem | undefined> {
  const started = performance.now();
  let result: ReasoningResult | undefined;
  try {
    for await (const event of run.strategy.stream(run.model, { text: item.question, answer: item.answerSpec }, options, run.signal)) {
      if (event.type === 'path-end') run.store.recordPath(run.runId, item.id, event.path);
      else if (event.type === 'end') result = event.result;
    }
    if (result === undefined) throw new Error(`strategy ${run.strategy.name} finished item ${item.id} without an end event`);
  } catch (error) {
    if (run.signal?.aborted === true) return undefined;
    if (!isItemFailure(error)) throw error;
    const failed: FinishedItem = {
      ...itemFields(item, position),
      voted: null,
      correct: false,
      confidence: 0,
      seconds: (performance.now() - started) / 1000,
      inputTokens: 0,
      outputTokens: 0,
      error: describeError(error),
      paths: [],
    };
    run.store.recordItem(run.runId, failed);
    return failed;
  }
  const finished: FinishedItem = {
    ...itemFields(item, position),
    voted: result.answer,
    // A gold that is not a valid answer of its type throws: a data error, which stops the run (metrics could not grade it either).
    correct: gradeAnswer(result.answer, item.answer, item.answerSpec),
    confidence: result.confidence,
    seconds: (performance.now() - started) / 1000,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    paths: result.paths,
  };
  run.store.recordItem(run.runId, finished);
  return finished;
}

function itemFields(item: TaskItem, position: number): Pick<FinishedItem, 'id' | 'position' | 'question' | 'gold' | 'spec'> {
  return { id: item.id, position, question: item.question, gold: item.answer, spec: item.answerSpec };
}

/**
 * Errors that belong to one item, not to the run: the backend failed on it (after its retries), a time-out fired
 * (an AbortedError while the caller's signal has not), or the item itself is bad for this model (its prompt does not
 * fit the context, its question or answer spec is malformed). An unreachable server or a refused key / unknown model
 * (401, 403, 404, 405) would fail every item alike: those stop the run, so a resume picks up where it stopped.
 */
const RUN_LEVEL_STATUSES = new Set([401, 403, 404, 405]);

export function isItemFailure(error: unknown): boolean {
  if (error instanceof UnreachableError) return false;
  if (error instanceof BackendCallError) return !RUN_LEVEL_STATUSES.has(error.status ?? 0);
  if (error instanceof AbortedError) return true;
  if (error instanceof InvalidArgumentError) {
    return error.issues.length > 0 && error.issues.every((issue) => issue.path[0] === 'prompt' || issue.path[0] === 'question');
  }
  return false;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
