import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { DEFAULT_LENGTHS, generateItems, isTestQuestion, SPLITS, syntheticTasks } from './generate.js';
import { fnv1a32, mulberry32 } from './random.js';
import type { SyntheticTaskName } from './types.js';

const TASKS: readonly SyntheticTaskName[] = ['letters', 'coin-flip', 'arithmetic'];

describe('seeded randomness', () => {
  it('has the reference FNV-1a-32 values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('repeats mulberry32 for a seed, in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(draws).size).toBe(1000);
  });
});

describe.each(TASKS)('%s', (task) => {
  it('is deterministic per seed, and a smaller count is a prefix', () => {
    const first = generateItems(task, 'train', { seed: 11, count: 200 });
    expect(generateItems(task, 'train', { seed: 11, count: 200 })).toEqual(first);
    expect(generateItems(task, 'train', { seed: 11, count: 50 })).toEqual(first.slice(0, 50));
    const other = generateItems(task, 'train', { seed: 12, count: 200 });
    expect(other.map((i) => i.question)).not.toEqual(first.map((i) => i.question));
  });

  it('keeps each split to its lengths, with distinct questions and ids', () => {
    for (const split of SPLITS) {
      const items = generateItems(task, split, { seed: 1, count: 400 });
      const [min, max] = DEFAULT_LENGTHS[split];
      const lengths = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      expect(new Set(items.map((i) => i.difficulty))).toEqual(new Set(lengths));
      expect(new Set(items.map((i) => i.question)).size).toBe(items.length);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      for (const item of items) {
        expect(item.task).toBe(task);
        expect(item.split).toBe(split);
        expect(item.id).toMatch(new RegExp(`^${task}-${split}-1-\\d+$`));
      }
    }
  });

  it('widens train lengths on request', () => {
    const items = generateItems(task, 'train', { seed: 2, count: 600, lengths: [1, 6] });
    expect(new Set(items.map((i) => i.difficulty))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it('shares no question between 10k train items and 2k test items', () => {
    const train = generateItems(task, 'train', { seed: 0, count: 10_000, lengths: [1, 5] });
    const test = [
      ...generateItems(task, 'in', { seed: 0, count: 1000 }),
      ...generateItems(task, 'out', { seed: 0, count: 1000 }),
    ];
    const trainQuestions = new Set(train.map((i) => i.question));
    expect(test.filter((i) => trainQuestions.has(i.question))).toEqual([]);
    expect(train.every((i) => !isTestQuestion(i.question))).toBe(true);
    expect(test.every((i) => isTestQuestion(i.question))).toBe(true);
    // Different seeds of the test splits still draw only from the reserved tenth.
    expect(generateItems(task, 'in', { seed: 99, count: 300 }).every((i) => isTestQuestion(i.question))).toBe(true);
  });
});

describe('partition', () => {
  it('reserves about a tenth of questions for testing', () => {
    const items = generateItems('arithmetic', 'train', { seed: 4, count: 1 });
    expect(items).toHaveLength(1);
    const questions = Array.from({ length: 20_000 }, (_, i) => `Question ${i}?`);
    const share = questions.filter(isTestQuestion).length / questions.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
  });
});

describe('options', () => {
  it('rejects bad seeds, counts, lengths, tasks and splits', () => {
    const bad = [
      () => generateItems('letters', 'train', { seed: 1.5, count: 1 }),
      () => generateItems('letters', 'train', { seed: 1, count: -1 }),
      () => generateItems('letters', 'train', { seed: 1, count: 1, lengths: [0, 2] }),
      () => generateItems('letters', 'train', { seed: 1, count: 1, lengths: [3, 2] }),
      () => generateItems('letters', 'train', { seed: 1, count: 1, lengths: [2, 11] }),
      () => generateItems('nope' as SyntheticTaskName, 'train', { seed: 1, count: 1 }),
      () => generateItems('letters', 'dev' as 'train', { seed: 1, count: 1 }),
    ];
    for (const call of bad) expect(call).toThrow(InvalidArgumentError);
  });

  it('says so when the lengths hold too few questions', () => {
    // One word: about 190 train-side names, far fewer than 1000.
    expect(() => generateItems('letters', 'train', { seed: 1, count: 1000, lengths: [1, 1] })).toThrow(/found only/);
  });

  it('gives nothing for count 0', () => {
    expect(generateItems('coin-flip', 'in', { seed: 1, count: 0 })).toEqual([]);
  });
});

describe('syntheticTasks', () => {
  it('lists the three tasks with their answer types and phrases', () => {
    expect(syntheticTasks.map((t) => [t.name, t.answerType, t.answerPhrase, t.lengthUnit])).toEqual([
      ['letters', 'text', 'The answer is', 'words'],
      ['coin-flip', 'yes-no', 'So the answer is', 'people'],
      ['arithmetic', 'number', 'The answer is', 'steps'],
    ]);
  });
});
