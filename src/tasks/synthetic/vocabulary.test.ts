import { describe, expect, it } from 'vitest';
import { extractAnswer } from '../../answers/index.js';
import { generateItems, syntheticTasks, vocabularyWords } from './generate.js';
import { splitTokens } from './tokens.js';
import type { SyntheticItem } from './types.js';

const vocabulary = vocabularyWords();
const known = new Set([...vocabulary.names, ...vocabulary.words, ...vocabulary.punctuation]);

/** Items of every task, split and length 1..10. */
const items: SyntheticItem[] = syntheticTasks.flatMap((task) => [
  ...generateItems(task.name, 'train', { seed: 21, count: 3000, lengths: [1, 10] }),
  ...generateItems(task.name, 'in', { seed: 21, count: 1000 }),
  ...generateItems(task.name, 'out', { seed: 21, count: 1000 }),
]);

function uncovered(item: SyntheticItem): string[] {
  const tokens = splitTokens(`${item.question} ${item.cotAnswer} ${item.directAnswer}`);
  return tokens.filter((token) => {
    if (known.has(token)) return false;
    if (/^\d+$/.test(token) && Number(token) <= 999) return false;
    // A spelled letters answer and its single letters: the tokenizer spells them from `letters`.
    const spelled = item.task === 'letters' && (token === item.answer || item.answer.includes(token));
    return !(spelled && [...token].every((c) => vocabulary.letters.includes(c)));
  });
}

describe('vocabularyWords', () => {
  it('covers every token of every generated item', () => {
    const missing = new Set(items.flatMap(uncovered));
    expect([...missing]).toEqual([]);
  });

  it('splits on spaces and " . , ? :', () => {
    expect(splitTokens('Take "Elon Musk". So 5 + 3 = 8, yes? A:')).toEqual([
      'Take', '"', 'Elon', 'Musk', '"', '.', 'So', '5', '+', '3', '=', '8', ',', 'yes', '?', 'A', ':',
    ]);
  });

  it('has no word that is also a name, no duplicates, and sorted lists', () => {
    const words = new Set(vocabulary.words.map((w) => w.toLowerCase()));
    expect(vocabulary.names.filter((n) => words.has(n.toLowerCase()))).toEqual([]);
    for (const list of [vocabulary.names, vocabulary.words]) {
      expect(new Set(list).size).toBe(list.length);
      expect([...list].sort()).toEqual(list);
    }
    expect(vocabulary.names.length).toBeGreaterThanOrEqual(300);
    expect(vocabulary.words.filter((w) => !/^[A-Za-z]+$/.test(w))).toEqual([]);
  });

  it('lists only words that appear (no dead template words)', () => {
    const seen = new Set(items.flatMap((i) => splitTokens(`${i.question} ${i.cotAnswer} ${i.directAnswer}`)));
    expect(vocabulary.words.filter((w) => !seen.has(w))).toEqual([]);
  });
});

describe('answers', () => {
  it('read back from cotAnswer and directAnswer with the engine extractor', () => {
    for (const item of items.filter((_, i) => i % 7 === 0)) {
      for (const text of [item.cotAnswer, item.directAnswer]) {
        expect(extractAnswer(text, { type: item.answerType }).answer).toBe(item.answer);
      }
    }
  });
});
