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
import { gradeAnswer } from '../src/answers/index.js';
import { answer, chainOfThought, direct, selfConsistency } from '../src/strategies/index.js';
import { generateItems, type SyntheticItem, type SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import { TASK_EXEMPLAR_SETS } from '../model/evaluate.js';
import { ggufToTorchWeights } from '../model/gguf-weights.js';
import { compareWithTorch, torchAvailable } from '../model/parity.js';
import { PARITY_PROMPTS } from '../model/parity-prompts.js';

/**
 * Least greedy accuracy on the first 20 in-distribution items (seed 11) per task, a little under what the model card
 * measures on 100. Letters are pinned with direct few-shot prompting, which Concord Mini gets right every time (its
 * chain of thought, 62% on the card, is pinned against self-consistency below).
 */
const GREEDY_FLOOR: Readonly<Record<SyntheticTaskName, { readonly strategy: 'direct' | 'chain-of-thought'; readonly floor: number }>> = {
  letters: { strategy: 'direct', floor: 0.9 },
  'coin-flip': { strategy: 'chain-of-thought', floor: 0.9 },
  arithmetic: { strategy: 'chain-of-thought', floor: 0.7 },
};

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

async function greedyRight(item: SyntheticItem, strategy: 'direct' | 'chain-of-thought' = 'chain-of-thought'): Promise<boolean> {
  const options = { exemplars: TASK_EXEMPLAR_SETS[item.task], maxTokens: 200 };
  const result = await answer(strategy === 'direct' ? direct : chainOfThought, model, question(item), options);
  return gradeAnswer(result.answer, item.answer, question(item).answer);
}

describe('Concord Mini (model/concord-mini.gguf)', () => {
  it('loads as a llama model on one thread', () => {
    expect(model.capabilities.logprobs).toBe(true);
    expect(model.modelId).toBe('concord-mini');
    expect(model.threads).toBe(1);
  });

  it.each(['letters', 'coin-flip', 'arithmetic'] as const)('answers in-distribution %s items greedily', async (task) => {
    const items = generateItems(task, 'in', { seed: 11, count: 20 });
    const { strategy, floor } = GREEDY_FLOOR[task];
    let right = 0;
    for (const item of items) if (await greedyRight(item, strategy)) right++;
    expect(right / items.length).toBeGreaterThanOrEqual(floor);
  });

  // The done-criterion of the issue: the vote of 8 sampled paths is at least as accurate as the greedy path, on a
  // fixed sample of each task where the two differ (coin flip is at the ceiling for both). Sampling is deterministic
  // for fixed seeds since it is serialised (src/backends/llama/serial-sampling.ts); measured 23 vs 21 (letters) and
  // 23 vs 23 (arithmetic) of 30.
  it.each(['letters', 'arithmetic'] as const)('self-consistency over 8 paths is at least as accurate as greedy chain-of-thought on a fixed %s sample', async (task) => {
    const items = generateItems(task, 'in', { seed: 12, count: 30 });
    let greedy = 0;
    let voted = 0;
    for (const item of items) {
      if (await greedyRight(item)) greedy++;
      const sc = await answer(selfConsistency, model, question(item), { exemplars: TASK_EXEMPLAR_SETS[task], paths: 8, maxTokens: 200, seed: 3 });
      if (gradeAnswer(sc.answer, item.answer, question(item).answer)) voted++;
    }
    expect(voted).toBeGreaterThanOrEqual(greedy);
    expect(greedy).toBeGreaterThan(items.length / 2);
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
