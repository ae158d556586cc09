import { describe, expect, it } from 'vitest';
import { loadReal } from '../test-helpers.js';
import { multiarith } from './multiarith.js';

describe('multiarith', () => {
  it('loads one JSON array of 600 problems, float golds as integers, questions trimmed', async () => {
    const { items } = await loadReal(multiarith);
    expect(items).toHaveLength(600);
    expect(multiarith).toMatchObject({ answerType: 'number', exemplars: 'wei2022-math-annotator-a' });
    expect(items[0]).toEqual({
      id: '0',
      question: 'For Halloween Debby and her sister combined the candy they received. Debby had 32 pieces of candy while her sister had 42. If they ate 35 pieces the first night, how many pieces do they have left?',
      answer: '39',
      answerSpec: { type: 'number' },
    });
    expect(items.every((item) => item.question === item.question.trim() && /^\d+$/u.test(item.answer))).toBe(true);
    expect(new Set(items.map((item) => item.question.replace(/\s+/gu, ' ').toLowerCase())).size).toBe(580);
  });
});
