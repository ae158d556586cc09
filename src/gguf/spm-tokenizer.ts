import type { SpmVocabulary } from './llama-gguf.js';

/**
 * llama.cpp's SentencePiece (`llama` vocabulary type) tokenizer, reimplemented so training data is tokenised
 * exactly as llama.cpp will tokenise prompts: spaces become `▁`; text splits into UTF-8 characters; adjacent pairs
 * whose concatenation is a token are merged, highest token score first and, among equal scores, leftmost first;
 * symbols that are not tokens fall back to byte tokens `<0xNN>`. (No space prefix is added: the Concord Mini GGUF
 * sets `add_space_prefix = false`.) The test beside it checks ids against node-llama-cpp on generated text.
 */
export class SpmTokenizer {
  readonly #ids = new Map<string, number>();
  readonly #scores: readonly number[];
  readonly #pieces: readonly string[];
  readonly #byteIds: number[] = [];

  constructor(vocabulary: SpmVocabulary) {
    this.#pieces = vocabulary.tokens;
    this.#scores = vocabulary.scores;
    vocabulary.tokens.forEach((piece, id) => {
      // Control and unknown tokens are never produced from text.
      if (vocabulary.types[id] === 1 || vocabulary.types[id] === 6) this.#ids.set(piece, id);
    });
    for (let b = 0; b < 256; b++) {
      const id = this.#ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      this.#byteIds.push(id ?? vocabulary.unknownId);
    }
  }

  /** Token ids of `text` (no BOS). */
  encode(text: string): number[] {
    const escaped = text.replaceAll(' ', '\u2581');
    const chars = Array.from(escaped);
    const n = chars.length;
    if (n === 0) return [];
    const symbolText = chars.slice();
    const prev = chars.map((_, i) => i - 1);
    const next = chars.map((_, i) => (i + 1 < n ? i + 1 : -1));
    const alive = chars.map(() => true);
    const queue = new BigramQueue();
    const tryAdd = (left: number, right: number): void => {
      if (left < 0 || right < 0) return;
      const merged = (symbolText[left] as string) + (symbolText[right] as string);
      const id = this.#ids.get(merged);
      if (id === undefined || this.#isByte(id)) return;
      queue.push({ left, right, score: this.#scores[id] ?? 0, text: merged });
    };
    for (let i = 1; i < n; i++) tryAdd(i - 1, i);
    for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
      const { left, right } = bigram;
      // Skip pairs whose symbols changed since the pair was queued.
      if (!alive[left] || !alive[right] || (symbolText[left] as string) + (symbolText[right] as string) !== bigram.text) continue;
      symbolText[left] = bigram.text;
      alive[right] = false;
      next[left] = next[right] as number;
      if ((next[left] as number) >= 0) prev[next[left] as number] = left;
      tryAdd(prev[left] as number, left);
      tryAdd(left, next[left] as number);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i] as number) {
      const piece = symbolText[i] as string;
      const id = this.#ids.get(piece);
      if (id !== undefined) out.push(id);
      else for (const byte of Buffer.from(piece.replaceAll('\u2581', ' '), 'utf8')) out.push(this.#byteIds[byte] as number);
    }
    return out;
  }

  decode(ids: readonly number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      const piece = this.#pieces[id] ?? '';
      const byte = /^<0x([0-9A-F]{2})>$/.exec(piece);
      if (byte) bytes.push(parseInt(byte[1] as string, 16));
      else if (!/^<\/?s>$|^<unk>$/.test(piece)) bytes.push(...Buffer.from(piece.replaceAll('\u2581', ' '), 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }

  #isByte(id: number): boolean {
    return /^<0x[0-9A-F]{2}>$/.test(this.#pieces[id] ?? '');
  }
}

interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly score: number;
  readonly text: string;
}

/** A binary heap ordered as llama.cpp's: higher score first, then smaller left index. */
class BigramQueue {
  readonly #heap: Bigram[] = [];

  push(item: Bigram): void {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Bigram, heap[parent] as Bigram)) break;
      [heap[i], heap[parent]] = [heap[parent] as Bigram, heap[i] as Bigram];
      i = parent;
    }
  }

  pop(): Bigram | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l] as Bigram, heap[best] as Bigram)) best = l;
        if (r < heap.length && before(heap[r] as Bigram, heap[best] as Bigram)) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best] as Bigram, heap[i] as Bigram];
        i = best;
      }
    }
    return top;
  }
}

function before(a: Bigram, b: Bigram): boolean {
  return a.score > b.score || (a.score === b.score && a.left < b.left);
}
