import { openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { readGgufFileInfo } from 'node-llama-cpp';

/**
 * Writes the f32 tensors of a llama GGUF as train.py's weight manifest + raw blob, so PyTorch can run the exact
 * weights llama.cpp runs (the parity test needs no training run, only the shipped file).
 */
export async function ggufToTorchWeights(ggufPath: string, outPrefix: string): Promise<void> {
  const info = await readGgufFileInfo(ggufPath, { readTensorInfo: true });
  const md = info.metadata as unknown as {
    llama: { embedding_length: number; block_count: number; feed_forward_length: number; context_length: number; rope: { freq_base: number }; attention: { head_count: number; head_count_kv: number; layer_norm_rms_epsilon: number } };
    tokenizer: { ggml: { tokens: string[] } };
  };
  const tensors = info.fullTensorInfo ?? [];
  const fd = openSync(ggufPath, 'r');
  const chunks: Buffer[] = [];
  const manifest: { name: string; shape: number[]; offset: number }[] = [];
  let offset = 0;
  try {
    for (const t of tensors) {
      if (t.ggmlType !== 0) throw new Error(`${t.name} is not f32 (ggml type ${t.ggmlType}); parity needs the f32 export`);
      const dims = t.dimensions.map(Number);
      const bytes = dims.reduce((a, b) => a * b, 1) * 4;
      const buffer = Buffer.alloc(bytes);
      readSync(fd, buffer, 0, bytes, Number(t.fileOffset));
      chunks.push(buffer);
      manifest.push({ name: t.name, shape: [...dims].reverse(), offset });
      offset += bytes;
    }
  } finally {
    closeSync(fd);
  }
  const config = {
    vocab: md.tokenizer.ggml.tokens.length,
    dim: md.llama.embedding_length,
    layers: md.llama.block_count,
    heads: md.llama.attention.head_count,
    kv_heads: md.llama.attention.head_count_kv,
    ff: md.llama.feed_forward_length,
    context: md.llama.context_length,
    eps: md.llama.attention.layer_norm_rms_epsilon,
    rope_base: md.llama.rope.freq_base,
  };
  writeFileSync(`${outPrefix}.bin`, Buffer.concat(chunks));
  writeFileSync(`${outPrefix}.json`, JSON.stringify({ config, tensors: manifest }));
}
