/** Seeded randomness and the stable question hash; no Math.random anywhere in the generators. */
import type { Rng } from './types.js';

export { fnv1a32, mulberry32 } from '../../util/random.js';
import { mulberry32 } from '../../util/random.js';

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
