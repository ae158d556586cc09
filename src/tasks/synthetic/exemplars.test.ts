import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readExemplarSetFile } from '../../prompts/registry.js';
import { ARITHMETIC_EXEMPLAR_FILE, arithmeticExemplarJson, arithmeticExemplarSet } from './exemplars.js';
import { generateItems, isTestQuestion } from './generate.js';

describe('data/prompts/concord/arithmetic-4shot.json', () => {
  it('is exactly what arithmeticExemplarSet() writes (regenerate with write-exemplars.ts)', async () => {
    expect(await readFile(ARITHMETIC_EXEMPLAR_FILE, 'utf8')).toBe(arithmeticExemplarJson());
  });

  it('parses as an exemplar set in the shared format', async () => {
    const set = await readExemplarSetFile(ARITHMETIC_EXEMPLAR_FILE);
    expect(set.id).toBe('concord-arithmetic');
    expect(set.format.answer_type).toBe('number');
    expect(set.format.stop).toEqual(['\n\nQ:', 'Q:']);
    expect(set.format.answer_phrase).toBe('The answer is');
    expect(set.exemplars).toHaveLength(4);
    for (const exemplar of set.exemplars) {
      expect(exemplar.full_answer_text).toBe(`${exemplar.rationale ?? ''} The answer is ${exemplar.answer}.`);
    }
  });

  it('holds train-side questions of 2, 3, 2 and 3 steps, none in a test split', () => {
    const set = arithmeticExemplarSet();
    const steps = set.exemplars.map((e) => (e.rationale ?? '').split(', so ').length - 1);
    expect(steps).toEqual([2, 3, 2, 3]);
    const test = new Set(
      [
        ...generateItems('arithmetic', 'in', { seed: 0, count: 2000 }),
        ...generateItems('arithmetic', 'out', { seed: 0, count: 2000 }),
      ].map((i) => i.question),
    );
    for (const exemplar of set.exemplars) {
      expect(isTestQuestion(exemplar.question)).toBe(false);
      expect(test.has(exemplar.question)).toBe(false);
    }
  });
});
