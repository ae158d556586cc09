// Paths per second and generated tokens per second on the test model, for k = 1 and k = 16 paths per call,
// alternating the two settings after a warm-up and reporting medians (../shared/design/benchmarking.md).
import { LlamaModel } from '../src/backends/llama/index.js';
import { ensureTinyModel } from '../test/models/tiny-model.js';
import { machineLine, median } from './machine.js';

const PROMPT = 'Q: Take the last letters of the words in "Elon Musk" and concatenate them.\nA:';
const MAX_TOKENS = 64;
const ROUNDS = 5;

async function timeCall(model: LlamaModel, samples: number, seed: number): Promise<{ seconds: number; tokens: number }> {
  const start = performance.now();
  let tokens = 0;
  for await (const c of model.generate({ prompt: PROMPT, samples, temperature: 0.7, topK: 40, seed, maxTokens: MAX_TOKENS })) tokens += c.outputTokens;
  return { seconds: (performance.now() - start) / 1000, tokens };
}

export async function runPathsPerSecond(modelPath?: string): Promise<void> {
  const model = await LlamaModel.load({ model: modelPath ?? (await ensureTinyModel()), sequences: 16, contextSize: 512 });
  try {
    await timeCall(model, 16, 1); // warm-up
    const results: Record<1 | 16, { pathsPerSecond: number[]; tokensPerSecond: number[] }> = {
      1: { pathsPerSecond: [], tokensPerSecond: [] },
      16: { pathsPerSecond: [], tokensPerSecond: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of [1, 16] as const) {
        // k = 1 repeated 16 times, so both settings produce the same number of paths per round.
        let seconds = 0;
        let tokens = 0;
        const calls = k === 1 ? 16 : 1;
        for (let call = 0; call < calls; call++) {
          const r = await timeCall(model, k, 100 * round + call);
          seconds += r.seconds;
          tokens += r.tokens;
        }
        results[k].pathsPerSecond.push(16 / seconds);
        results[k].tokensPerSecond.push(tokens / seconds);
      }
    }
    console.log(`\n## Paths per second (${model.modelId}, ${MAX_TOKENS} tokens per path, T 0.7, top-k 40)`);
    console.log(machineLine(model.threads));
    console.log('| paths per call | paths/s (median) | tokens/s (median) | spread of paths/s |');
    console.log('|---|---|---|---|');
    for (const k of [1, 16] as const) {
      const p = results[k].pathsPerSecond;
      console.log(`| ${k} | ${median(p).toFixed(1)} | ${median(results[k].tokensPerSecond).toFixed(0)} | ${Math.min(...p).toFixed(1)}–${Math.max(...p).toFixed(1)} |`);
    }
    const ratio = median(results[16].pathsPerSecond) / median(results[1].pathsPerSecond);
    console.log(`k = 16 in one call vs 16 calls of k = 1: ${ratio.toFixed(2)}× the paths per second`);
  } finally {
    await model.dispose();
  }
}
