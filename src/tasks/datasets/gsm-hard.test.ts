import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answersEqual } from '../../answers/index.js';
import { dataDir, loadReal } from '../test-helpers.js';
import { gsmHard, plainDecimal } from './gsm-hard.js';

describe('gsm-hard', () => {
  it('loads 1319 items with float targets as plain decimals: 303 non-integer, 146 negative', async () => {
    const { items } = await loadReal(gsmHard);
    expect(items).toHaveLength(1319);
    expect(items[0]).toMatchObject({ id: 'gsm-hard/gsmhardv2.jsonl:1', answer: '-9867630', answerSpec: { type: 'number', tolerance: 1e-12 } });
    expect(items[0]?.question).toContain('with 4933828.');
    expect(items.filter((item) => item.answer.includes('.'))).toHaveLength(303);
    expect(items.filter((item) => item.answer.startsWith('-'))).toHaveLength(146);
  });

  it('keeps every target exactly, compared numerically', async () => {
    const lines = (await readFile(path.join(dataDir, 'gsm-hard/gsmhardv2.jsonl'), 'utf8')).trimEnd().split('\n');
    const { items } = await loadReal(gsmHard);
    lines.forEach((line, i) => {
      const { target } = JSON.parse(line) as { target: number };
      expect(Number(items[i]?.answer)).toBe(target);
    });
    const spec = items[0]?.answerSpec ?? { type: 'number' };
    expect(answersEqual('-9867630.0', items[0]?.answer ?? '', spec)).toBe(true);
    expect(answersEqual('-9867631', items[0]?.answer ?? '', spec)).toBe(false);
    expect(answersEqual('-9,867,630', items[0]?.answer ?? '', spec)).toBe(true);
    // Float noise of the programs that computed a target still passes.
    expect(answersEqual('1234.5678', '1234.5678000000002', spec)).toBe(true);
  });

  it('writes floats without exponents', () => {
    expect(plainDecimal(-9867630)).toBe('-9867630');
    expect(plainDecimal(2.0107e-6)).toBe('0.0000020107');
    expect(plainDecimal(5.158e-7)).toBe('0.0000005158');
    expect(plainDecimal(-2.4967e-5)).toBe('-0.000024967');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(1.5e22)).toBe('15000000000000000000000');
    expect(plainDecimal(9284017268534.4)).toBe('9284017268534.4');
  });
});
