import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGgufFileInfo } from 'node-llama-cpp';
import { float32ToFloat16Bits, writeGguf } from './gguf-writer.js';
import { characterVocabulary, TINY_TEST_SHAPE, writeRandomLlamaGguf } from './random-llama.js';
import { llamaParameterCount } from './llama-gguf.js';
import { InvalidArgumentError } from '../spec/errors/index.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('float32ToFloat16Bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest half
    [65520, 0x7c00], // rounds up to infinity
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [5.960464477539063e-8, 0x0001], // smallest subnormal
    [6.103515625e-5, 0x0400], // smallest normal
    [1 + 2 ** -11, 0x3c00], // halfway: ties to even (down)
    [1 + 3 * 2 ** -11, 0x3c02], // halfway: ties to even (up)
    [0.1, 0x2e66],
  ])('%d → %s', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x3ff).not.toBe(0);
  });
});

describe('writeGguf', () => {
  it('writes a file that llama.cpp tooling reads back: metadata, tensor infos, alignment', async () => {
    const path = join(dir, 'tiny.gguf');
    const { bytes } = await writeRandomLlamaGguf(path, { shape: TINY_TEST_SHAPE, vocabulary: characterVocabulary(), seed: 1, matrixType: 'f16' });
    expect(statSync(path).size).toBe(bytes);
    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    expect(info.version).toBe(3);
    const metadata = info.metadata as unknown as { general: { architecture: string }; llama: { block_count: number; attention: { head_count_kv: number } }; tokenizer: { ggml: { tokens: string[]; model: string } } };
    expect(metadata.general.architecture).toBe('llama');
    expect(metadata.llama.block_count).toBe(2);
    expect(metadata.llama.attention.head_count_kv).toBe(1);
    expect(metadata.tokenizer.ggml.model).toBe('llama');
    expect(metadata.tokenizer.ggml.tokens).toHaveLength(TINY_TEST_SHAPE.vocabSize);
    const tensors = info.fullTensorInfo ?? [];
    expect(tensors.map((t) => t.name)).toContain('blk.1.ffn_down.weight');
    expect(tensors.some((t) => t.name === 'output.weight')).toBe(false); // tied embeddings
    const embd = tensors.find((t) => t.name === 'token_embd.weight');
    expect(embd?.dimensions.map(Number)).toEqual([64, TINY_TEST_SHAPE.vocabSize]);
    for (const t of tensors) expect(Number(t.offset) % 32).toBe(0);
    const elements = tensors.reduce((n, t) => n + t.dimensions.map(Number).reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(llamaParameterCount(TINY_TEST_SHAPE));
  });

  it('rejects a tensor whose data does not match its dims, naming it', async () => {
    const bad = writeGguf(join(dir, 'bad.gguf'), {
      metadata: { 'general.architecture': 'llama' },
      tensors: [{ name: 'x', dims: [2, 3], type: 'f32', data: new Float32Array(5) }],
    });
    await expect(bad).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(writeGguf(join(dir, 'bad2.gguf'), {
      metadata: {},
      tensors: [{ name: 'x', dims: [2, 3], type: 'f32', data: new Float32Array(5) }],
    })).rejects.toThrow(/tensors\.x\.data: has 5 values, dims \[2, 3\] need 6/);
  });
});
