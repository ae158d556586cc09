/**
 * The shipped model, model/concord-mini.gguf, through real llama.cpp: it loads, answers in-distribution items with
 * greedy chain-of-thought, self-consistency over 8 paths is at least as accurate as greedy on a fixed sample, and
 * llama.cpp's greedy text and log-probabilities match PyTorch's on the same weights (where python3-torch is
 * installed; CI installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaModel } from '../src/backends/llama/index.js';
import { BUNDLED_MODEL_PATH } from '../src/backends/bundled-model.js';
import { answersEqual } from '../src/answers/index.js';
import { answer, chainOfThought, selfConsistency } from '../src/strategies/index.js';
import { generateItems, type SyntheticItem, type SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import { TASK_EXEMPLAR_SETS } from '../model/evaluate.js';
import { ggufToTorchWeights } from '../model/gguf-weights.js';
import { compareWithTorch, torchAvailable } from '../model/parity.js';
import { PARITY_PROMPTS } from '../model/parity-prompts.js';

/** Least greedy-CoT accuracy on the first 20 in-distribution items (seed 11) per task; measured values in the card. */
const GREEDY_FLOOR: Readonly<Record<SyntheticTaskName, number>> = { letters: 0.8, 'coin-flip': 0.9, arithmetic: 0.6 };

let model: LlamaModel;
beforeAll(async () => {
  model = await LlamaModel.load({ model: BUNDLED_MODEL_PATH, sequences: 8, contextSize: 1536 });
});
afterAll(async () => {
  await model?.dispose();
});

function question(item: SyntheticItem): { text: string; answer: { type: SyntheticItem['answerType'] } } {
  return { text: item.question, answer: { type: item.answerType } };
}

async function greedyRight(item: SyntheticItem): Promise<boolean> {
  const result = await answer(chainOfThought, model, question(item), { exemplars: TASK_EXEMPLAR_SETS[item.task], maxTokens: 200 });
  return result.answer !== null && answersEqual(result.answer, item.answer, question(item).answer);
}

describe('Concord Mini (model/concord-mini.gguf)', () => {
  it('loads as a llama model on one thread', () => {
    expect(model.modelId).toBe('concord-mini');
    expect(model.threads).toBe(1);
  });

  it.each(['letters', 'coin-flip', 'arithmetic'] as const)('answers in-distribution %s items with greedy chain-of-thought', async (task) => {
    const items = generateItems(task, 'in', { seed: 11, count: 20 });
    let right = 0;
    for (const item of items) if (await greedyRight(item)) right++;
    expect(right / items.length).toBeGreaterThanOrEqual(GREEDY_FLOOR[task]);
  });

  it('self-consistency over 8 paths is at least as accurate as greedy on a fixed arithmetic sample', async () => {
    const items = generateItems('arithmetic', 'in', { seed: 12, count: 30 });
    let greedy = 0;
    let voted = 0;
    for (const item of items) {
      if (await greedyRight(item)) greedy++;
      const sc = await answer(selfConsistency, model, question(item), { exemplars: 'concord-arithmetic', paths: 8, maxTokens: 200, seed: 3 });
      if (sc.answer !== null && answersEqual(sc.answer, item.answer, question(item).answer)) voted++;
    }
    expect(voted).toBeGreaterThanOrEqual(greedy);
  });
});

describe.skipIf(!torchAvailable())('Concord Mini parity with PyTorch (needs python3-torch)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'concord-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same greedy text and log-probabilities within 1e-2 nats per token', async () => {
    await ggufToTorchWeights(BUNDLED_MODEL_PATH, join(dir, 'weights'));
    const rows = await compareWithTorch(BUNDLED_MODEL_PATH, join(dir, 'weights'), PARITY_PROMPTS);
    for (const row of rows) {
      expect(row.llama, row.prompt).toBe(row.torch);
      expect(row.maxLogprobDiff, row.prompt).toBeLessThan(1e-2);
    }
  }, 120_000);
});
