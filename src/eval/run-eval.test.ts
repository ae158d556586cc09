import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../../test/models/tiny-model.js';
import { LlamaModel } from '../backends/llama/index.js';
import { BackendCallError, InvalidArgumentError } from '../spec/errors/index.js';
import type { GenerateOptions } from '../spec/model.js';
import { chainOfThought, selfConsistency } from '../strategies/index.js';
import { resolveTask } from '../tasks/registry.js';
import { arithmeticExemplarSet } from '../tasks/synthetic/index.js';
import { loadExemplarSet } from '../prompts/index.js';
import type { Task, TaskItem } from '../tasks/task.js';
import { MockLanguageModel } from '../test/index.js';
import { resumeEvaluation, runEvaluation, type EvaluationProgress } from './run-eval.js';
import { mergeTaskDefaults } from './run-options.js';
import { RunStore } from './run-store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'concord-run-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newStore = (): RunStore => new RunStore(path.join(dir, `runs-${files++}.sqlite`));

/** A small arithmetic task for bookkeeping tests: item i asks "What is i plus i?" (gold 2i). */
function arithmeticTask(count = 5): Task {
  const items: TaskItem[] = Array.from({ length: count }, (_, i) => ({
    id: `sum-${i}`,
    question: `What is ${i} plus ${i}?`,
    answer: String(2 * i),
    answerSpec: { type: 'number' },
  }));
  return {
    name: 'sums',
    description: 'i + i',
    answerType: 'number',
    exemplars: 'wei2022-math-annotator-b',
    splits: ['test', 'other'],
    defaults: { temperature: 0.6, topK: 30, paths: 3, maxTokens: 99 },
    load: async ({ limit }) => ({ items: limit === undefined ? items : items.slice(0, limit), skipped: [] }),
  };
}

/** The question a prompt ends with (the few-shot prompt's last "Q: ..."). */
function askedQuestion(options: GenerateOptions): string {
  const prompt = String(options.prompt);
  return prompt.slice(prompt.lastIndexOf('Q: ') + 3).split('\n')[0] ?? '';
}

/** Answers i + i right, except 3 + 3 (says 7); `fail` decides which questions throw. */
function sumsModel(fail: (question: string) => Error | undefined = () => undefined): MockLanguageModel {
  return new MockLanguageModel({
    respond: (options) => {
      const question = askedQuestion(options);
      const error = fail(question);
      if (error !== undefined) throw error;
      const i = Number(/What is (\d+)/.exec(question)?.[1]);
      return ` So the answer is ${i === 3 ? 7 : 2 * i}.`;
    },
  });
}

const base = (store: RunStore, model: MockLanguageModel) =>
  ({ store, task: arithmeticTask(), dataDir: dir, strategy: selfConsistency, model, modelDescription: { model: 'mock' } }) as const;

describe('runEvaluation (mock model: bookkeeping)', () => {
  it('runs the items in data order, with the task defaults under the user options and seed + 1024 × position', async () => {
    const store = newStore();
    const model = sumsModel();
    const progress: EvaluationProgress[] = [];
    const outcome = await runEvaluation({ ...base(store, model), strategyOptions: { temperature: 0.9 }, seed: 10, onProgress: (p) => progress.push(p) });
    expect(outcome.status).toBe('done');
    expect(model.calls.map(askedQuestion)).toEqual([0, 1, 2, 3, 4].map((i) => `What is ${i} plus ${i}?`));
    expect(model.calls.map((c) => [c.samples, c.temperature, c.topK, c.maxTokens, c.seed])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [3, 0.9, 30, 99, 10 + 1024 * i]),
    );
    // The task's exemplars (annotator B's chains), not the number default (annotator A's).
    expect(String(model.calls[0]?.prompt)).toContain('There are 15 trees in the grove.');
    expect(outcome.metrics).toMatchObject({ items: 5, accuracy: 0.8 });
    const run = store.getRun(outcome.runId);
    expect(run).toMatchObject({ status: 'done', itemCount: 5, finishedItems: 5, task: 'sums', strategy: 'self-consistency', model: 'mock/mock-model' });
    expect(run.config).toMatchObject({ split: null, limit: null, seed: 10, strategyOptions: { temperature: 0.9 }, model: { options: { model: 'mock' } } });
    expect(run.config.resolvedStrategyOptions).toEqual({ paths: 3, temperature: 0.9, topK: 30, maxTokens: 99, exemplars: 'wei2022-math-annotator-b' });
    const items = store.items(outcome.runId);
    expect(items.map((i) => [i.id, i.position, i.voted, i.correct, i.paths.length])).toEqual([
      ['sum-0', 0, '0', true, 3],
      ['sum-1', 1, '2', true, 3],
      ['sum-2', 2, '4', true, 3],
      ['sum-3', 3, '7', false, 3],
      ['sum-4', 4, '8', true, 3],
    ]);
    expect(progress.map((p) => [p.done, p.correct])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 3],
      [5, 4],
    ]);
    expect(progress.at(-1)?.item?.id).toBe('sum-4');
    store.dispose();
  });

  it('gives a strategy only the defaults it takes: no paths or temperature for chain-of-thought', async () => {
    const store = newStore();
    const model = sumsModel();
    await runEvaluation({ ...base(store, model), strategy: chainOfThought, limit: 2 });
    expect(model.calls.map((c) => [c.samples, c.temperature, c.maxTokens, c.seed])).toEqual([
      [1, 0, 99, 0],
      [1, 0, 99, 1024],
    ]);
    store.dispose();
  });

  it('leaves out defaults self-consistency over zero-shot-cot would reject (exemplars, maxTokens)', async () => {
    const store = newStore();
    const model = new MockLanguageModel({ respond: (_o, _s, call) => (call % 4 === 0 ? ' Steps.' : ' 4.') });
    const outcome = await runEvaluation({ ...base(store, model), strategyOptions: { base: 'zero-shot-cot' }, limit: 1 });
    expect(outcome.status).toBe('done');
    expect(model.calls[0]).toMatchObject({ samples: 3, temperature: 0.6, maxTokens: 128 });
    store.dispose();
  });

  it('records a backend failure as a failure row and carries on', async () => {
    const store = newStore();
    const model = sumsModel((q) => (q.includes('2 plus 2') ? new BackendCallError('POST /v1/completions failed with 503', { status: 503 }) : undefined));
    const outcome = await runEvaluation({ ...base(store, model) });
    expect(outcome.status).toBe('done');
    const failed = store.items(outcome.runId).find((i) => i.id === 'sum-2');
    expect(failed).toMatchObject({ voted: null, correct: false, error: 'BackendCallError: POST /v1/completions failed with 503', paths: [] });
    expect(store.getRun(outcome.runId)).toMatchObject({ finishedItems: 5, failedItems: 1 });
    expect(outcome.metrics.accuracy).toBeCloseTo(3 / 5);
    store.dispose();
  });

  it('stops on a gold answer that cannot be graded (a data error), keeping what finished', async () => {
    const store = newStore();
    const task = arithmeticTask(2);
    const load = task.load.bind(task);
    const broken: Task = {
      ...task,
      load: async (options) => {
        const loaded = await load(options);
        return { ...loaded, items: loaded.items.map((item, i) => (i === 1 ? { ...item, answer: 'two' } : item)) };
      },
    };
    await expect(runEvaluation({ ...base(store, sumsModel()), task: broken })).rejects.toThrow(/gold answer "two" is not a valid number answer/);
    expect(store.listRuns()[0]).toMatchObject({ status: 'stopped', finishedItems: 1 });
    store.dispose();
  });

  it('stops on a programmer error, marking the run stopped and keeping what finished', async () => {
    const store = newStore();
    const model = sumsModel((q) => (q.includes('2 plus 2') ? new TypeError('x is not a function') : undefined));
    await expect(runEvaluation({ ...base(store, model) })).rejects.toThrow(TypeError);
    const [run] = store.listRuns();
    expect(run).toMatchObject({ status: 'stopped', finishedItems: 2 });
    store.dispose();
  });

  it('rejects bad configuration before a run is created, every problem at once', async () => {
    const store = newStore();
    const error: unknown = await runEvaluation({ ...base(store, sumsModel()), strategyOptions: { pathz: 3, temperature: -1, maxReasoningTokens: 5 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues.map((i) => i.path.join('.')).sort()).toEqual([
      'strategyOptions.maxReasoningTokens',
      'strategyOptions.pathz',
      'strategyOptions.temperature',
    ]);
    await expect(runEvaluation({ ...base(store, sumsModel()), split: 'tset' })).rejects.toThrow(/no split "tset"; it has test, other/);
    await expect(runEvaluation({ ...base(store, sumsModel()), seed: 2 ** 31 - 2 })).rejects.toThrow(InvalidArgumentError);
    expect(store.listRuns()).toEqual([]);
    store.dispose();
  });

  it('stops on abort and resumes where it stopped: nothing skipped, nothing twice', async () => {
    const store = newStore();
    const controller = new AbortController();
    // Aborts while item 2 is being answered: its path 0 is stored, the item is not.
    const first = sumsModel((q) => {
      if (q.includes('2 plus 2') && first.calls.filter((c) => askedQuestion(c) === q).length === 1) controller.abort();
      return undefined;
    });
    const stopped = await runEvaluation({ ...base(store, first), signal: controller.signal });
    expect(stopped.status).toBe('stopped');
    expect(store.getRun(stopped.runId)).toMatchObject({ status: 'stopped', finishedItems: 2 });
    expect([...store.finishedItemIds(stopped.runId)].sort()).toEqual(['sum-0', 'sum-1']);
    const raw = new Database(store.path, { readonly: true });
    expect(raw.prepare("SELECT path_index FROM paths WHERE run_id = ? AND item_id = 'sum-2'").all(stopped.runId)).toEqual([{ path_index: 0 }]);
    raw.close();

    const second = sumsModel();
    // The task's defaults changed meanwhile: the run goes on with the options it started with (3 paths).
    const changed: Task = { ...arithmeticTask(), defaults: { temperature: 0.1, topK: 1, paths: 5, maxTokens: 7 } };
    const resumed = await resumeEvaluation({ store, runId: stopped.runId, model: second, task: changed });
    expect(resumed.status).toBe('done');
    expect(second.calls.map(askedQuestion)).toEqual([2, 3, 4].map((i) => `What is ${i} plus ${i}?`));
    expect(second.calls.map((c) => [c.seed, c.samples, c.temperature, c.maxTokens])).toEqual([2, 3, 4].map((i) => [1024 * i, 3, 0.6, 99]));
    expect(store.items(stopped.runId).map((i) => [i.id, i.paths.length])).toEqual(['sum-0', 'sum-1', 'sum-2', 'sum-3', 'sum-4'].map((id) => [id, 3]));
    expect(resumed.metrics.accuracy).toBeCloseTo(0.8);
    // Resuming a finished run does nothing.
    const third = sumsModel();
    expect((await resumeEvaluation({ store, runId: stopped.runId, model: third, task: arithmeticTask() })).status).toBe('done');
    expect(third.calls).toHaveLength(0);
    store.dispose();
  });

  it('refuses to resume on another model, or a run whose data changed', async () => {
    const store = newStore();
    const outcome = await runEvaluation({ ...base(store, sumsModel()), limit: 2 });
    const other = new MockLanguageModel({ respond: 'x', modelId: 'other-model' });
    await expect(resumeEvaluation({ store, runId: outcome.runId, model: other, task: arithmeticTask() })).rejects.toThrow(
      /ran on mock\/mock-model, not mock\/other-model/,
    );
    await expect(resumeEvaluation({ store, runId: outcome.runId, model: sumsModel(), task: arithmeticTask(1) })).rejects.toThrow(
      /changed since it started: it had 2 items, the task now loads 1/,
    );
    await expect(resumeEvaluation({ store, runId: 'run-nope', model: sumsModel() })).rejects.toThrow(InvalidArgumentError);
    store.dispose();
  });
});

describe('mergeTaskDefaults', () => {
  it('hands an in-memory exemplar set (BBH) to the strategies as a file named by its content', async () => {
    const set = { ...arithmeticExemplarSet(), id: 'bbh-like' };
    const first = mergeTaskDefaults(chainOfThought, arithmeticTask().defaults, set, {});
    const again = mergeTaskDefaults(chainOfThought, arithmeticTask().defaults, set, {});
    expect(first).toEqual({ maxTokens: 99, exemplars: expect.stringMatching(/concord-exemplars\/bbh-like-[0-9a-f]{12}\.json$/) as unknown });
    expect(again).toEqual(first);
    expect((await loadExemplarSet(String(first['exemplars']))).exemplars).toEqual(set.exemplars);
    // A shipped set's object goes by its id; the user's choice wins.
    expect(mergeTaskDefaults(chainOfThought, arithmeticTask().defaults, arithmeticExemplarSet(), {})['exemplars']).toBe('concord-arithmetic');
    expect(mergeTaskDefaults(chainOfThought, arithmeticTask().defaults, set, { exemplars: 'wei2022-csqa' })['exemplars']).toBe('wei2022-csqa');
  });
});

describe('runEvaluation (the tiny llama model)', () => {
  let model: LlamaModel;
  beforeAll(async () => {
    model = await LlamaModel.load({ model: await ensureTinyModel(), sequences: 4, contextSize: 2048, threads: 1 });
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('evaluates 6 letters items with self-consistency, every path stored, and repeats itself with the same seed', async () => {
    const store = newStore();
    const options = {
      store,
      task: resolveTask('letters'),
      limit: 6,
      dataDir: dir,
      strategy: selfConsistency,
      strategyOptions: { paths: 3, maxTokens: 16 },
      model,
      modelDescription: { model: 'tiny-random-char.gguf', threads: 1 },
      seed: 3,
    };
    const first = await runEvaluation(options);
    const second = await runEvaluation(options);
    expect(first.status).toBe('done');
    expect(first.metrics.items).toBe(6);
    const items = store.items(first.runId);
    expect(items).toHaveLength(6);
    for (const item of items) {
      expect(item.paths).toHaveLength(3);
      expect(item.outputTokens).toBe(item.paths.reduce((sum, p) => sum + p.tokens, 0));
      for (const p of item.paths) expect(p.tokens).toBeGreaterThan(0);
    }
    const texts = (runId: string): string[][] => store.items(runId).map((i) => i.paths.map((p) => p.text));
    expect(texts(second.runId)).toEqual(texts(first.runId));
    expect(store.listRuns().map((r) => r.id).sort()).toEqual([first.runId, second.runId].sort());
    expect(store.exportRecorded(first.runId)[0]).toMatchObject({ answerType: 'text', samples: expect.any(Array) as unknown });
    store.dispose();
  });
});
