export { LlamaModel, llamaModelOptionsSchema, type LlamaModelOptions, type LlamaModelStats } from './llama/index.js';
export { OpenAIModel, openAIModelOptionsSchema, type OpenAIModelOptions } from './openai/index.js';
export { openModel, isServerURL, type OpenModelOptions } from './open-model.js';
export { bundledModelPath, BUNDLED_MODEL_PATH } from './bundled-model.js';
