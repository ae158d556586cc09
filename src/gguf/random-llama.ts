import { fnv1a32, mulberry32 } from '../util/random.js';
import { writeGguf } from './gguf-writer.js';
import type { GgmlTensorType } from './gguf-types.js';
import { llamaMetadata, llamaTensors, SPM_TOKEN_TYPE, type LlamaShape, type SpmVocabulary } from './llama-gguf.js';

/**
 * A character vocabulary: `<unk> <s> </s>`, the newline byte token, and printable ASCII with space as `▁`.
 * Every token is one character, so SPM finds no merges and tokenisation is character by character.
 */
export function characterVocabulary(): SpmVocabulary {
  const tokens = ['<unk>', '<s>', '</s>', '<0x0A>'];
  const types: number[] = [SPM_TOKEN_TYPE.unknown, SPM_TOKEN_TYPE.control, SPM_TOKEN_TYPE.control, SPM_TOKEN_TYPE.byte];
  for (let code = 32; code < 127; code++) {
    tokens.push(code === 32 ? '\u2581' : String.fromCharCode(code));
    types.push(SPM_TOKEN_TYPE.normal);
  }
  return { tokens, types, scores: tokens.map(() => 0), bosId: 1, eosId: 2, unknownId: 0 };
}

export interface RandomLlamaOptions {
  readonly shape: LlamaShape;
  readonly vocabulary: SpmVocabulary;
  readonly seed?: number;
  readonly matrixType?: GgmlTensorType;
  readonly name?: string;
  /** Scale of the token embeddings; larger makes sampled text more varied. @default 1 */
  readonly embeddingScale?: number;
  /** Scale of the block weights relative to 1/sqrt(fan-in); larger makes the blocks, not the input token, decide. @default 1 */
  readonly layerScale?: number;
}

/**
 * Writes a llama GGUF with random weights. Speed does not depend on the weights' values, so this gives a model
 * with a real model's shape for benchmarks, and a tiny one for tests, without any download.
 */
export async function writeRandomLlamaGguf(path: string, options: RandomLlamaOptions): Promise<{ bytes: number }> {
  const { shape, vocabulary } = options;
  if (vocabulary.tokens.length !== shape.vocabSize) {
    throw new Error(`vocabulary has ${vocabulary.tokens.length} tokens, shape says ${shape.vocabSize}`);
  }
  const seed = options.seed ?? 1;
  const weights = (name: string, dims: readonly number[]): Float32Array => {
    const size = dims.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    if (name.endsWith('norm.weight')) return out.fill(1);
    const random = mulberry32(seed ^ fnv1a32(name));
    const fanIn = dims[0] as number;
    const scale = name === 'token_embd.weight' ? (options.embeddingScale ?? 1) : (options.layerScale ?? 1) / Math.sqrt(fanIn);
    // Sum of uniforms: close enough to normal for random weights, and cheap.
    for (let i = 0; i < size; i++) out[i] = (random() + random() + random() - 1.5) * 2 * scale;
    if (name === 'token_embd.weight') {
      // A small end-of-sequence row makes EOS rare, so random text runs to maxTokens as tests expect.
      out.fill(0, vocabulary.eosId * shape.embeddingLength, (vocabulary.eosId + 1) * shape.embeddingLength);
    }
    return out;
  };
  const metadata = llamaMetadata(options.name ?? 'concord-random-llama', shape, vocabulary);
  return writeGguf(path, { metadata, tensors: llamaTensors(shape, weights, options.matrixType ?? 'f32') });
}

/** The tiny model the test suite builds: 99 character tokens, 2 blocks of width 64, multi-query attention. */
export const TINY_TEST_SHAPE: LlamaShape = {
  vocabSize: characterVocabulary().tokens.length,
  embeddingLength: 64,
  blockCount: 2,
  feedForwardLength: 128,
  headCount: 4,
  headCountKv: 1,
  contextLength: 4096,
};
