/** Seeded randomness and the stable question hash; no Math.random anywhere in the generators. */
import type { Rng } from './types.js';

/** 32-bit FNV-1a over UTF-16 code units (the generated text is ASCII, so these are its bytes). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast, and good enough for sampling templates; period 2^32. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
  };
}

/** Draws `count` distinct items from `items` (count <= items.length). */
export function pickDistinct<T>(rng: Rng, items: readonly T[], count: number, avoid: readonly T[] = []): T[] {
  const chosen: T[] = [];
  while (chosen.length < count) {
    const item = rng.pick(items);
    if (!chosen.includes(item) && !avoid.includes(item)) chosen.push(item);
  }
  return chosen;
}
