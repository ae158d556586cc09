import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, loadReal, rejection, tempDataDir } from '../test-helpers.js';
import { aqua, parseAquaOptions } from './aqua.js';

describe('aqua', () => {
  it('reads test.json as JSON Lines: 254 test and 254 dev items, five options each', async () => {
    const text = await readFile(path.join(dataDir, 'aqua/test.json'), 'utf8');
    expect(text.startsWith('{')).toBe(true);
    const { items } = await loadReal(aqua);
    expect(items).toHaveLength(254);
    expect((await loadReal(aqua, { split: 'dev' })).items).toHaveLength(254);
    expect(aqua).toMatchObject({ answerType: 'choice', exemplars: 'wei2022-aqua' });
    expect(items.every((item) => JSON.stringify(item.answerSpec) === '{"type":"choice","letters":["A","B","C","D","E"]}')).toBe(true);
    expect(items.every((item) => /^[A-E]$/u.test(item.answer))).toBe(true);
  });

  it('formats the question as the CoT AQuA exemplars: a line break, then (a) … (e) in lower case', async () => {
    const { items } = await loadReal(aqua);
    const first = items[0];
    expect(first?.id).toBe('aqua/test.json:1');
    expect(first?.question).toMatch(/the base of the tower\?\nAnswer Choices: \(a\) 5\(√3 \+ 1\) \(b\) 6\(√3 \+ √2\) \(c\) 7\(√3 – 1\) \(d\) 8\(√3 – 2\) \(e\) None of these$/u);
    expect(first?.answer).toBe('A');
    expect(items.every((item) => !/\([a-e]\)\S/u.test(item.question) && !/[A-E]\)/u.test(item.question.split('Answer Choices:')[1] ?? ''))).toBe(true);
    // test.json line 30 writes its options "A)A)59".
    expect(items[29]?.question).toMatch(/how old is my brother\?\nAnswer Choices: \(a\) 59 \(b\) 69 \(c\) 79 \(d\) 89 \(e\) 99$/u);
  });

  it('parses "A)21" and "A) 13.35" options', () => {
    expect(parseAquaOptions(['A)21', 'B) 13.3542', 'C)$65', 'D)D)89', 'E)5(√3 + 1)'])).toEqual([
      { letter: 'A', text: '21' },
      { letter: 'B', text: '13.3542' },
      { letter: 'C', text: '$65' },
      { letter: 'D', text: '89' },
      { letter: 'E', text: '5(√3 + 1)' },
    ]);
    expect(() => parseAquaOptions(['A)1', 'C)2'])).toThrow('must start "B)"');
  });

  it('reports an unlettered option with its path', async () => {
    const record = { question: 'q', options: ['A)1', '2'], rationale: '', correct: 'A' };
    const dir = await tempDataDir({ 'aqua/test.json': JSON.stringify(record) });
    expect((await rejection(aqua.load({ dataDir: dir }))).message).toContain('line 1: options[1]: must start "B)", got "2"');
  });
});
