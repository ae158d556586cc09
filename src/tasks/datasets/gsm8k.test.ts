import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, loadReal } from '../test-helpers.js';
import { gsm8k, gsm8kGold } from './gsm8k.js';
import { RecordProblem } from './records.js';

describe('gsm8k', () => {
  it('loads 1319 test and 7473 train items, numeric, prompted with the CoT math set', async () => {
    expect(gsm8k).toMatchObject({ answerType: 'number', exemplars: 'wei2022-math-annotator-a', splits: ['test', 'train'] });
    const test = await loadReal(gsm8k);
    expect(test.items).toHaveLength(1319);
    expect(test.skipped).toEqual([]);
    expect(test.exemplars).toBe('wei2022-math-annotator-a');
    expect((await loadReal(gsm8k, { split: 'train' })).items).toHaveLength(7473);
    expect(test.items[0]).toEqual({
      id: 'gsm8k/test.jsonl:1',
      question: expect.stringMatching(/^Janet’s ducks lay 16 eggs per day\./u) as unknown,
      answer: '18',
      answerSpec: { type: 'number' },
    });
  });

  it('drops the thousands commas of the 14 test golds that have them (#### 2,125)', async () => {
    const lines = (await readFile(path.join(dataDir, 'gsm8k/test.jsonl'), 'utf8')).trimEnd().split('\n');
    const { items } = await loadReal(gsm8k);
    const withCommas = lines.flatMap((line, i) => (/#### -?\d{1,3}(,\d{3})+"/u.test(line) ? [i] : []));
    expect(withCommas).toHaveLength(14);
    for (const i of withCommas) expect(items[i]?.answer).toMatch(/^-?\d{4,}$/u);
    expect(items.some((item) => item.answer === '2125')).toBe(true);
  });

  it('keeps the 5 negative golds of train and test', async () => {
    const all = [...(await loadReal(gsm8k)).items, ...(await loadReal(gsm8k, { split: 'train' })).items];
    expect(all.filter((item) => item.answer.startsWith('-'))).toHaveLength(5);
    expect(all.every((item) => /^-?\d+$/u.test(item.answer))).toBe(true);
  });

  it('takes the text after the last ####', () => {
    expect(gsm8kGold('a #### b\nso #### 2,125 ')).toBe('2,125');
    expect(() => gsm8kGold('no marker')).toThrow(RecordProblem);
  });
});
