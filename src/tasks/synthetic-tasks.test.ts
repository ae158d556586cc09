import { describe, expect, it } from 'vitest';
import { resolveTask } from './registry.js';
import { generateItems } from './synthetic/index.js';
import { rejection } from './test-helpers.js';

describe('synthetic tasks', () => {
  it.each([
    ['letters', 'text', 'wei2022-last-letter-concatenation'],
    ['coin-flip', 'yes-no', 'wei2022-coin-flip'],
    ['arithmetic', 'number', 'concord-arithmetic'],
  ] as const)('%s: %s answers, %s exemplars, 200 items of seed 7 by default', async (name, type, exemplars) => {
    const task = resolveTask(name);
    expect(task).toMatchObject({ answerType: type, exemplars, splits: ['in', 'out'] });
    const loaded = await task.load({ dataDir: '/unused' });
    expect(loaded.items).toHaveLength(200);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.exemplars).toBe(exemplars);
    const generated = generateItems(name, 'in', { seed: 7, count: 200 });
    expect(loaded.items.map((i) => [i.id, i.question])).toEqual(generated.map((g) => [g.id, g.question]));
    expect(loaded.items.every((i) => i.answerSpec.type === type)).toBe(true);
  });

  it('generates the out split, with a seed and a limit', async () => {
    const task = resolveTask('arithmetic');
    const loaded = await task.load({ dataDir: '/unused', split: 'out', seed: 3, limit: 5 });
    expect(loaded.items.map((i) => i.id)).toEqual(generateItems('arithmetic', 'out', { seed: 3, count: 5 }).map((g) => g.id));
    expect(loaded.items[0]?.answer).toMatch(/^\d+$/u);
  });

  it('rejects an unknown split', async () => {
    const error = await rejection(resolveTask('letters').load({ dataDir: '/unused', split: 'train' }));
    expect(error.message).toContain('unknown split of letters "train"');
  });
});
