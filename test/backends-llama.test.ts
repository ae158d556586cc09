/**
 * The model conformance suite on the llama backend (real llama.cpp, the random-weight test GGUF), directly and
 * behind the loopback OpenAI fixture through the openai backend: two real backends, one suite.
 */
import { afterAll } from 'vitest';
import { LlamaModel } from '../src/backends/llama/index.js';
import { OpenAIModel } from '../src/backends/openai/index.js';
import { describeModelConformance } from './conformance/model-conformance.js';
import { startOpenAIFixture, type OpenAIFixture } from './fixtures/openai-server.js';
import { ensureTinyModel } from './models/tiny-model.js';

let llama: Promise<LlamaModel> | undefined;
let fixture: Promise<OpenAIFixture> | undefined;
const sharedLlama = (): Promise<LlamaModel> => (llama ??= ensureTinyModel().then((model) => LlamaModel.load({ model, sequences: 8, contextSize: 1024 })));

afterAll(async () => {
  await (await fixture)?.close();
  await (await llama)?.dispose();
});

describeModelConformance('llama (tiny random GGUF)', async () => LlamaModel.load({ model: await ensureTinyModel(), sequences: 8, contextSize: 1024 }));

describeModelConformance('openai → loopback fixture → llama', async () => {
  fixture ??= sharedLlama().then((model) => startOpenAIFixture({ model, modelIds: ['tiny-random-char'], enforceLimits: false, latencyMs: 20 }));
  return new OpenAIModel({ baseURL: (await fixture).url, modelId: 'tiny-random-char', retryBaseDelayMs: 5 });
});
