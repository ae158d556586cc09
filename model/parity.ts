import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LlamaModel } from '../src/backends/llama/index.js';
import type { Completion } from '../src/spec/model.js';

/** Debian's interpreter: the python3 first on PATH may be another one without torch. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export function torchAvailable(): boolean {
  return spawnSync(DEBIAN_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

export interface ParityRow {
  readonly prompt: string;
  readonly llama: string;
  readonly torch: string;
  readonly sameText: boolean;
  /** Largest |llama.cpp logprob − PyTorch logprob| over the tokens both produced identically. */
  readonly maxLogprobDiff: number;
}

/** Greedy continuations of the same prompts through llama.cpp (the GGUF) and PyTorch (the weights it came from). */
export async function compareWithTorch(ggufPath: string, weightsPrefix: string, prompts: readonly string[], maxTokens = 48): Promise<ParityRow[]> {
  const model = await LlamaModel.load({ model: ggufPath, sequences: 1, contextSize: 2048 });
  try {
    const llamaRuns: Completion[] = [];
    for (const prompt of prompts) {
      for await (const c of model.generate({ prompt, temperature: 0, maxTokens, logprobs: true })) llamaRuns.push(c);
    }
    const request = { weights: weightsPrefix, prompts: prompts.map((p) => model.tokenize(p)), max_tokens: maxTokens, eos: 2 };
    const script = fileURLToPath(new URL('./reference.py', import.meta.url));
    const run = spawnSync(DEBIAN_PYTHON, [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
    const torchRuns = JSON.parse(run.stdout) as { tokens: number[]; logprobs: number[] }[];
    return prompts.map((prompt, i) => {
      const llama = llamaRuns[i];
      const reference = torchRuns[i] as { tokens: number[]; logprobs: number[] };
      const eosCut = reference.tokens.indexOf(2);
      const torchTokens = eosCut >= 0 ? reference.tokens.slice(0, eosCut) : reference.tokens;
      const torchText = model.detokenize(torchTokens);
      let maxLogprobDiff = 0;
      const lp = llama?.logprobs?.tokens ?? [];
      for (let t = 0; t < Math.min(lp.length, reference.logprobs.length); t++) {
        maxLogprobDiff = Math.max(maxLogprobDiff, Math.abs((lp[t]?.logprob ?? 0) - (reference.logprobs[t] ?? 0)));
      }
      return { prompt, llama: llama?.text ?? '', torch: torchText, sameText: (llama?.text ?? '') === torchText, maxLogprobDiff };
    });
  } finally {
    await model.dispose();
  }
}
