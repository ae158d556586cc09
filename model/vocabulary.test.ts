/**
 * The tokenizer Concord Mini was trained with must be llama.cpp's: the same ids for every document. This writes a
 * GGUF with the Concord Mini vocabulary and compares node-llama-cpp's tokenisation with SpmTokenizer's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { SpmTokenizer, writeRandomLlamaGguf } from '../src/gguf/index.js';
import { generateItems, vocabularyWords } from '../src/tasks/synthetic/index.js';
import { buildConcordVocabulary } from './vocabulary.js';
import { documentSegments, type DocumentKind } from './corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-vocab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Concord Mini vocabulary', () => {
  it('is tokenised by llama.cpp exactly as by SpmTokenizer, and round-trips', async () => {
    const vocabulary = buildConcordVocabulary(vocabularyWords());
    const path = join(dir, 'vocab.gguf');
    await writeRandomLlamaGguf(path, {
      vocabulary,
      shape: { vocabSize: vocabulary.tokens.length, embeddingLength: 32, blockCount: 1, feedForwardLength: 64, headCount: 2, headCountKv: 1, contextLength: 2048 },
    });
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: path });
    const tokenizer = new SpmTokenizer(vocabulary);
    let documents = 0;
    try {
      for (const task of ['letters', 'coin-flip', 'arithmetic'] as const) {
        for (const split of ['train', 'in', 'out'] as const) {
          const items = generateItems(task, split, { seed: 5, count: 120 });
          for (let i = 0; i + 3 <= items.length; i += 3) {
            for (const kind of ['cot', 'direct', 'zero-shot-answer'] as DocumentKind[]) {
              const text = documentSegments(kind, task, items.slice(i, i + 3), i % 2 === 0).map((s) => s.text).join('');
              expect(tokenizer.encode(text)).toEqual(model.tokenize(text, false));
              expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
              documents++;
            }
          }
        }
      }
      // Text outside the vocabulary (other words, non-ASCII) falls back the same way.
      for (const text of ['Zebras’ “quotes” — naïve café 123456 %$#', 'A: Let\'s think step by step. Therefore, the answer (arabic numerals) is 42.']) {
        expect(tokenizer.encode(text)).toEqual(model.tokenize(text, false));
      }
    } finally {
      await model.dispose();
    }
    expect(documents).toBe(1080);
  });

  it('keeps names bare, so a name is the same token in the question and in the rationale', () => {
    const vocabulary = buildConcordVocabulary(vocabularyWords());
    const tokenizer = new SpmTokenizer(vocabulary);
    const pieces = (text: string): string[] => tokenizer.encode(text).map((id) => vocabulary.tokens[id] as string);
    expect(pieces(' Musk')).toEqual(['\u2581', 'Musk']);
    expect(pieces('"Musk"')).toEqual(['"', 'Musk', '"']);
    expect(pieces(' answer')).toEqual(['\u2581answer']);
    expect(pieces(' nk.')).toEqual(['\u2581', 'n', 'k', '.']);
  });
});
