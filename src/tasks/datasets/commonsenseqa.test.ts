import { describe, expect, it } from 'vitest';
import { loadReal } from '../test-helpers.js';
import { commonsenseqa } from './commonsenseqa.js';

describe('commonsenseqa', () => {
  it('loads 1221 dev and 9741 train items from the nested question.stem, choices inline in lower case', async () => {
    const { items } = await loadReal(commonsenseqa);
    expect(items).toHaveLength(1221);
    expect((await loadReal(commonsenseqa, { split: 'train' })).items).toHaveLength(9741);
    expect(commonsenseqa).toMatchObject({ answerType: 'choice', exemplars: 'wei2022-csqa', splits: ['dev', 'train'] });
    expect(items[0]).toEqual({
      id: '1afa02df02c908a558b4036e80242fac',
      question:
        'A revolving door is convenient for two direction travel, but it also serves as a security measure at a what? Answer Choices: (a) bank (b) library (c) department store (d) mall (e) new york',
      answer: 'A',
      answerSpec: { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] },
    });
    expect(items.every((item) => /^[A-E]$/u.test(item.answer) && !item.question.includes('\n'))).toBe(true);
  });
});
