export * from './gguf-types.js';
export { writeGguf, float32ToFloat16Bits } from './gguf-writer.js';
export * from './llama-gguf.js';
export { writeRandomLlamaGguf, characterVocabulary, TINY_TEST_SHAPE, type RandomLlamaOptions } from './random-llama.js';
export { SpmTokenizer } from './spm-tokenizer.js';
