import { describe, expect, it } from 'vitest';
import { countBy, loadReal } from '../test-helpers.js';
import { plausibleQuestion, sports } from './sports.js';

describe('bigbench-sports', () => {
  it('loads 977 sentences, 1/0 as yes/no (494 / 483), wrapped as the CoT exemplars with typographic quotes', async () => {
    const { items } = await loadReal(sports);
    expect(items).toHaveLength(977);
    expect(countBy(items, (i) => i.answer)).toEqual({ yes: 494, no: 483 });
    expect(items[0]).toEqual({
      id: '11',
      question: 'Is the following sentence plausible? “Luke Voit was out at first.”',
      answer: 'yes',
      answerSpec: { type: 'yes-no' },
    });
    expect(items.at(-1)?.id).toBe('1000');
    expect(sports).toMatchObject({ answerType: 'yes-no', exemplars: 'wei2022-sports-understanding' });
  });

  it('never doubles the period', () => {
    expect(plausibleQuestion('Joao Moutinho caught the screen pass.')).toBe('Is the following sentence plausible? “Joao Moutinho caught the screen pass.”');
  });
});
