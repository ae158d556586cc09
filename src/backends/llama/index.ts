export { LlamaModel, type LlamaModelStats } from './llama-model.js';
export { llamaModelOptionsSchema, type LlamaModelOptions } from './llama-options.js';
