import type { GgmlTensorType, GgufTensor, GgufValue } from './gguf-types.js';
import { f32, u32 } from './gguf-types.js';

/** The shape of a llama-architecture decoder (what llama.cpp's `llama` arch reads). */
export interface LlamaShape {
  readonly vocabSize: number;
  readonly embeddingLength: number;
  readonly blockCount: number;
  readonly feedForwardLength: number;
  readonly headCount: number;
  /** 1 is multi-query attention. */
  readonly headCountKv: number;
  readonly contextLength: number;
  /** @default 10000 */
  readonly ropeFreqBase?: number;
  /** @default 1e-5 */
  readonly rmsEpsilon?: number;
}

/** SentencePiece-style vocabulary as llama.cpp's `llama` tokenizer reads it. */
export interface SpmVocabulary {
  readonly tokens: readonly string[];
  readonly scores: readonly number[];
  /** 1 normal, 2 unknown, 3 control, 6 byte. */
  readonly types: readonly number[];
  readonly bosId: number;
  readonly eosId: number;
  readonly unknownId: number;
}

export const SPM_TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** The metadata block of a llama GGUF: architecture, shape and tokenizer. */
export function llamaMetadata(name: string, shape: LlamaShape, vocab: SpmVocabulary): Map<string, GgufValue> {
  const headDim = shape.embeddingLength / shape.headCount;
  return new Map<string, GgufValue>([
    ['general.architecture', 'llama'],
    ['general.name', name],
    ['llama.vocab_size', u32(shape.vocabSize)],
    ['llama.context_length', u32(shape.contextLength)],
    ['llama.embedding_length', u32(shape.embeddingLength)],
    ['llama.block_count', u32(shape.blockCount)],
    ['llama.feed_forward_length', u32(shape.feedForwardLength)],
    ['llama.attention.head_count', u32(shape.headCount)],
    ['llama.attention.head_count_kv', u32(shape.headCountKv)],
    ['llama.rope.dimension_count', u32(headDim)],
    ['llama.rope.freq_base', f32(shape.ropeFreqBase ?? 10000)],
    ['llama.attention.layer_norm_rms_epsilon', f32(shape.rmsEpsilon ?? 1e-5)],
    ['tokenizer.ggml.model', 'llama'],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', items: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', items: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', items: vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(vocab.bosId)],
    ['tokenizer.ggml.eos_token_id', u32(vocab.eosId)],
    ['tokenizer.ggml.unknown_token_id', u32(vocab.unknownId)],
    ['tokenizer.ggml.add_bos_token', true],
    ['tokenizer.ggml.add_eos_token', false],
    ['tokenizer.ggml.add_space_prefix', false],
  ]);
}

export type WeightSource = (name: string, dims: readonly number[]) => Float32Array;

/**
 * The tensors of a llama decoder with tied embeddings (no `output.weight`, so llama.cpp reuses `token_embd`).
 * Dims are fastest-first: a torch (out, in) matrix is [in, out]. Norms stay f32.
 */
export function llamaTensors(shape: LlamaShape, weights: WeightSource, matrixType: GgmlTensorType = 'f32'): GgufTensor[] {
  const d = shape.embeddingLength;
  const kvDim = (d / shape.headCount) * shape.headCountKv;
  const ff = shape.feedForwardLength;
  const tensor = (name: string, dims: number[], type: GgmlTensorType): GgufTensor => ({
    name,
    dims,
    type,
    data: () => weights(name, dims),
  });
  const tensors: GgufTensor[] = [tensor('token_embd.weight', [d, shape.vocabSize], matrixType)];
  for (let layer = 0; layer < shape.blockCount; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      tensor(`${p}.attn_norm.weight`, [d], 'f32'),
      tensor(`${p}.attn_q.weight`, [d, d], matrixType),
      tensor(`${p}.attn_k.weight`, [d, kvDim], matrixType),
      tensor(`${p}.attn_v.weight`, [d, kvDim], matrixType),
      tensor(`${p}.attn_output.weight`, [d, d], matrixType),
      tensor(`${p}.ffn_norm.weight`, [d], 'f32'),
      tensor(`${p}.ffn_gate.weight`, [d, ff], matrixType),
      tensor(`${p}.ffn_up.weight`, [d, ff], matrixType),
      tensor(`${p}.ffn_down.weight`, [ff, d], matrixType),
    );
  }
  tensors.push(tensor('output_norm.weight', [d], 'f32'));
  return tensors;
}

/** Parameters of a tied-embedding llama decoder of this shape. */
export function llamaParameterCount(shape: LlamaShape): number {
  const d = shape.embeddingLength;
  const kvDim = (d / shape.headCount) * shape.headCountKv;
  const perBlock = 2 * d + 2 * d * d + 2 * d * kvDim + 3 * d * shape.feedForwardLength;
  return shape.vocabSize * d + shape.blockCount * perBlock + d;
}
