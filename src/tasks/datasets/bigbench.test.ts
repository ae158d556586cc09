import { describe, expect, it } from 'vitest';
import { countBy, loadReal } from '../test-helpers.js';
import { bigbenchDate, bigbenchDateChoice, shuffledObjects, stableShuffle } from './bigbench.js';

describe('bigbench-date', () => {
  it('loads 369 questions as is, the gold the target_scores key scored 1, as text for the CoT date exemplars', async () => {
    const { items } = await loadReal(bigbenchDate);
    expect(items).toHaveLength(369);
    expect(bigbenchDate).toMatchObject({ answerType: 'text', exemplars: 'wei2022-date-understanding' });
    expect(items[0]).toEqual({
      id: 'bigbench-date/date_understanding.json[0]',
      question: 'Yesterday was April 30, 2021. What is the date today in MM/DD/YYYY?',
      answer: '05/01/2021',
      answerSpec: { type: 'text' },
    });
    expect(items.every((item) => /^\d\d\/\d\d\/\d{4}$/u.test(item.answer))).toBe(true);
  });

  it('letters the options in the choice form, shuffled by a fixed hash so the gold is not always (A)', async () => {
    const { items } = await loadReal(bigbenchDateChoice);
    expect(items).toHaveLength(369);
    expect(bigbenchDateChoice.exemplars).toBeUndefined();
    expect(countBy(items, (item) => String(item.answerSpec.type === 'choice' ? item.answerSpec.letters.length : 0))).toEqual({ 5: 58, 6: 311 });
    const golds = countBy(items, (item) => item.answer);
    expect(Math.max(...Object.values(golds))).toBeLessThan(100);
    const first = items[0];
    expect(first?.question).toMatch(/^Yesterday was April 30, 2021\. What is the date today in MM\/DD\/YYYY\? Answer Choices: (\([A-F]\) \d\d\/\d\d\/\d{4} ?){6}$/u);
    expect(first?.question).toContain(`(${first?.answer ?? ''}) 05/01/2021`);
    expect((await loadReal(bigbenchDateChoice)).items).toEqual(items);
  });

  it('shuffles to a fixed permutation', () => {
    const order = stableShuffle(6, 'key');
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stableShuffle(6, 'key')).toEqual(order);
  });
});

describe('shuffled-objects', () => {
  it('loads 750 questions with the options lettered in target_scores order, periods kept, zero-shot', async () => {
    const { items, exemplars } = await loadReal(shuffledObjects);
    expect(items).toHaveLength(750);
    expect(exemplars).toBeUndefined();
    expect(shuffledObjects).toMatchObject({ answerType: 'choice' });
    expect(items[0]?.question).toMatch(/Finally, Alice and Bob swap balls\. At the end of the game, Alice has the\nWhich choice is true \? Answer Choices: \(A\) orange ball\. \(B\) white ball\. \(C\) blue ball\.$/u);
    expect(items[0]).toMatchObject({ answer: 'C', answerSpec: { type: 'choice', letters: ['A', 'B', 'C'] } });
    expect(items[1]?.answer).toBe('B');
    expect(countBy(items, (item) => item.answer)).toEqual({ A: 250, B: 250, C: 250 });
  });
});
