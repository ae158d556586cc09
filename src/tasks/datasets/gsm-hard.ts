/**
 * GSM-Hard (PAL, gsmhardv2.jsonl): JSON Lines `{input, code, target}`, GSM8K test questions with one number made
 * large. `target` is a JSON float (`-9867630.0`, `2.0107e-06`): the gold is its plain decimal form, compared
 * numerically (answer type number, tolerance GSM_HARD_TOLERANCE). `code` is data only and never run.
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonRecords } from './records.js';

/**
 * Targets reach 9.3e12, where the default relative tolerance (1e-6) would pass answers millions off. 1e-12 keeps
 * integers up to 1e11 exact and still absorbs the float noise of the Python programs that computed the targets.
 */
export const GSM_HARD_TOLERANCE = 1e-12;

const SPEC: AnswerSpec = { type: 'number', tolerance: GSM_HARD_TOLERANCE };

const recordSchema = z.object({ input: z.string().min(1), code: z.string().optional(), target: z.number() });

/** A number in plain decimal notation, never in exponent form: 2.0107e-6 → "0.0000020107", 1e21 → "1000000000000000000000". */
export function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', first = '', rest = '', exponentText = '0'] = match;
  const digits = first + rest;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export const gsmHard = defineDataset({
  name: 'gsm-hard',
  description: 'GSM-Hard (Gao et al. 2022, PAL): GSM8K test questions with larger numbers; float answers compared numerically.',
  answerType: 'number',
  exemplars: 'wei2022-math-annotator-a',
  files: { test: 'gsm-hard/gsmhardv2.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record, raw) => ({
        id: raw.ref,
        question: record.input,
        answer: goldAnswer(plainDecimal(record.target), SPEC, ['target']),
        answerSpec: SPEC,
      }),
      options,
    ),
});
