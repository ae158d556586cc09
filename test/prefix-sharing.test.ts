/**
 * Prefix sharing in the llama backend: a call's prompt is evaluated once and its state loaded into the other
 * sequences (llama.cpp state save/load). Pinned on the shipped Concord Mini and the random-weight test model:
 * greedy text is the same as when every sequence evaluates the prompt itself, and only the new tokens are paid for.
 * Each test repeats its questions so that sequences are reused, staggered, and share batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaModel } from '../src/backends/llama/index.js';
import { bundledModelPath } from '../src/backends/index.js';
import { buildFewShotPrompt, loadExemplarSet } from '../src/prompts/index.js';
import { ensureTinyModel } from './models/tiny-model.js';

const BASE_QUESTIONS = [
  'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?',
  'Tom has 5 apples. He buys 3 more. How many apples does Tom have now?',
  'Ann has 9 cards. She gives 2 to Sam. How many cards does Ann have now?',
];
const QUESTIONS = [...BASE_QUESTIONS, ...BASE_QUESTIONS];
const SAMPLES = 8;

async function answerAll(model: LlamaModel, prompts: readonly string[]): Promise<{ texts: string[][]; evaluated: number[] }> {
  const texts: string[][] = [];
  const evaluated: number[] = [];
  for (const prompt of prompts) {
    const row: string[] = [];
    let billed = 0;
    for await (const c of model.generate({ prompt, samples: SAMPLES, temperature: 0, stop: ['Q:'], maxTokens: 48 })) {
      row[c.index] = c.text;
      billed += c.inputTokens;
    }
    expect(billed).toBe(model.stats.promptTokensEvaluated);
    texts.push(row);
    evaluated.push(model.stats.promptTokensEvaluated);
  }
  return { texts, evaluated };
}

for (const [name, file] of [
  ['Concord Mini', async () => bundledModelPath() as string],
  ['the random-weight test model', ensureTinyModel],
] as const) {
  describe(`prefix sharing on ${name}`, () => {
    let shared: LlamaModel;
    let separate: LlamaModel;
    let prompts: string[];

    beforeAll(async () => {
      const path = await file();
      shared = await LlamaModel.load({ model: path, sequences: SAMPLES });
      separate = await LlamaModel.load({ model: path, sequences: SAMPLES, prefixSharing: false });
      const set = await loadExemplarSet('concord-arithmetic');
      prompts = QUESTIONS.map((q) => buildFewShotPrompt(set, q, { style: 'cot' }));
    });

    afterAll(async () => {
      await shared?.dispose();
      await separate?.dispose();
    });

    it('gives the same greedy paths as evaluating the prompt in every sequence', async () => {
      const a = await answerAll(shared, prompts);
      const b = await answerAll(separate, prompts);
      expect(a.texts).toEqual(b.texts);
      // Greedy paths of one prompt are one text: concurrent sampling used to read other sequences' logits
      // (src/backends/llama/serial-sampling.ts).
      for (const row of [...a.texts, ...b.texts]) expect(new Set(row).size).toBe(1);
      // Without sharing every sequence evaluates the prompt: about k times the tokens.
      const promptLength = shared.tokenize(prompts[0] as string).length;
      expect(a.evaluated[0]).toBe(promptLength - 1 + SAMPLES);
      expect(b.evaluated[0]).toBe(SAMPLES * promptLength);
      // Later questions share the exemplars already held: the question's own tokens once, plus each path's start.
      for (let q = 1; q < prompts.length; q++) {
        const tokens = shared.tokenize(prompts[q] as string);
        const previous = shared.tokenize(prompts[q - 1] as string);
        let common = 0;
        while (tokens[common] === previous[common]) common++;
        expect(a.evaluated[q]).toBe(tokens.length - 1 - common + SAMPLES);
      }
    });
  });
}
