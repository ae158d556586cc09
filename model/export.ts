// Turns the trained weights (manifest + raw float32, written by train.py) into a llama GGUF with the project's
// writer. Usage: tsx model/export.ts <weights-prefix> <vocabulary.json> <out.gguf> [--f16]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeGguf, llamaMetadata, type GgufTensor, type LlamaShape, type SpmVocabulary } from '../src/gguf/index.js';

interface Manifest {
  readonly config: { vocab: number; dim: number; layers: number; heads: number; kv_heads: number; ff: number; context: number; eps: number; rope_base: number };
  readonly tensors: readonly { name: string; shape: number[]; offset: number }[];
}

export async function exportGguf(weightsPrefix: string, vocabulary: SpmVocabulary, out: string, matrixType: 'f32' | 'f16', contextLength = 2048): Promise<{ bytes: number; shape: LlamaShape }> {
  const manifest = JSON.parse(readFileSync(`${weightsPrefix}.json`, 'utf8')) as Manifest;
  const blob = readFileSync(`${weightsPrefix}.bin`);
  const c = manifest.config;
  const shape: LlamaShape = {
    vocabSize: c.vocab,
    embeddingLength: c.dim,
    blockCount: c.layers,
    feedForwardLength: c.ff,
    headCount: c.heads,
    headCountKv: c.kv_heads,
    // Rotary positions extrapolate a little past the training rows; the 8-shot coin-flip prompt needs ~700 tokens.
    contextLength,
    ropeFreqBase: c.rope_base,
    rmsEpsilon: c.eps,
  };
  const tensors: GgufTensor[] = manifest.tensors.map((t) => {
    const count = t.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(blob.buffer.slice(blob.byteOffset + t.offset, blob.byteOffset + t.offset + count * 4));
    // torch (out, in) row-major is GGUF's [in, out], fastest dimension first: the bytes go in as they are.
    return { name: t.name, dims: [...t.shape].reverse(), type: t.shape.length === 2 ? matrixType : 'f32', data };
  });
  const metadata = llamaMetadata('concord-mini', shape, vocabulary);
  const { bytes } = await writeGguf(out, { metadata, tensors });
  return { bytes, shape };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { f16: { type: 'boolean', default: false } } });
  const [prefix, vocabPath, out] = positionals;
  if (!prefix || !vocabPath || !out) throw new Error('usage: tsx model/export.ts <weights-prefix> <vocabulary.json> <out.gguf> [--f16]');
  const vocabulary = JSON.parse(readFileSync(vocabPath, 'utf8')) as SpmVocabulary;
  const result = await exportGguf(prefix, vocabulary, out, values.f16 ? 'f16' : 'f32');
  console.log(JSON.stringify({ out, ...result }));
}
