/** Concord's library: the model interface, backends, answer extraction and voting, prompts and strategies. */
export * from './spec/index.js';
export { readConfig, type ConcordConfig } from './config/index.js';
export * from './backends/index.js';
export {
  extractAnswer,
  normaliseAnswer,
  answersEqual,
  inferAnswerSpec,
  vote,
  type ExtractOptions,
  type VoteInput,
  type VoteOptions,
} from './answers/index.js';
export {
  loadExemplarSet,
  exemplarSetIds,
  defaultExemplarSets,
  exemplarAnswerType,
  buildFewShotPrompt,
  buildFewShotChat,
  type ExemplarSet,
} from './prompts/index.js';
export * from './strategies/index.js';
export { writeGguf, writeRandomLlamaGguf, llamaMetadata, llamaTensors, type GgufFile, type GgufTensor, type LlamaShape } from './gguf/index.js';
export * from './server/index.js';
