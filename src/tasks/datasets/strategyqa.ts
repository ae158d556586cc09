/**
 * StrategyQA (BIG-bench `strategyqa`, the Faithful-COT JSONL): `{id, question, answer: true|false, explanation}`,
 * no newline after the last line. Gold 'yes'/'no' from the JSON boolean; the question as is (the CoT exemplars
 * print the bare question).
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { defineDataset } from './define.js';
import { collectItems, jsonRecords } from './records.js';

const SPEC: AnswerSpec = { type: 'yes-no' };

const recordSchema = z.object({
  id: z.union([z.int(), z.string().min(1)]),
  question: z.string().min(1),
  answer: z.boolean(),
  explanation: z.string().optional(),
});

export const strategyqa = defineDataset({
  name: 'strategyqa',
  description: 'StrategyQA (Geva et al. 2021, the BIG-bench set): yes/no questions that need implicit multi-hop reasoning.',
  answerType: 'yes-no',
  exemplars: 'wei2022-strategyqa',
  files: { test: 'strategyqa/test.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record) => ({ id: String(record.id), question: record.question, answer: record.answer ? 'yes' : 'no', answerSpec: SPEC }),
      options,
    ),
});
