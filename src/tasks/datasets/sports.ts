/**
 * BIG-bench Sports Understanding (the Faithful-COT JSONL): `{id, question, answer: 1|0}`, `question` the bare
 * sentence. The question is wrapped as the CoT paper's exemplars print it, typographic quotes included:
 * `Is the following sentence plausible? “{sentence}.”`; gold 1 → 'yes', 0 → 'no'.
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { defineDataset } from './define.js';
import { collectItems, jsonRecords } from './records.js';

const SPEC: AnswerSpec = { type: 'yes-no' };

const recordSchema = z.object({
  id: z.union([z.int(), z.string().min(1)]),
  question: z.string().trim().min(1),
  answer: z.union([z.literal(0), z.literal(1)]),
});

/** The CoT sports exemplars' wrapper; a sentence that already ends with a period keeps one. */
export function plausibleQuestion(sentence: string): string {
  return `Is the following sentence plausible? “${sentence.replace(/\.+$/u, '')}.”`;
}

export const sports = defineDataset({
  name: 'bigbench-sports',
  description: 'BIG-bench Sports Understanding: is a sentence about athletes plausible? yes/no answers.',
  answerType: 'yes-no',
  exemplars: 'wei2022-sports-understanding',
  files: { test: 'bigbench-sports/test.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record) => ({
        id: String(record.id),
        question: plausibleQuestion(record.question),
        answer: record.answer === 1 ? 'yes' : 'no',
        answerSpec: SPEC,
      }),
      options,
    ),
});
