import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countBy, dataDir, loadReal } from '../test-helpers.js';
import { strategyqa } from './strategyqa.js';

describe('strategyqa', () => {
  it('loads 2290 questions, booleans as yes/no (1071 / 1219), the last line without a newline', async () => {
    const text = await readFile(path.join(dataDir, 'strategyqa/test.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(false);
    const { items } = await loadReal(strategyqa);
    expect(items).toHaveLength(2290);
    expect(countBy(items, (i) => i.answer)).toEqual({ yes: 1071, no: 1219 });
    expect(items[0]).toEqual({ id: '0', question: 'Is it common to see frost during some college commencements?', answer: 'yes', answerSpec: { type: 'yes-no' } });
    expect(items.at(-1)?.id).toBe('2289');
    expect(strategyqa).toMatchObject({ answerType: 'yes-no', exemplars: 'wei2022-strategyqa' });
  });
});
