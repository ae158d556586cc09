/**
 * MultiArith (the Program-of-Thoughts copy, same blob as zero-shot-CoT's): one JSON array of
 * `{iIndex, lEquations, lSolutions, sQuestion}`. Gold `lSolutions[0]` (a float, 39.0 → 39); `sQuestion` has leading
 * and trailing spaces, trimmed here. Ids are the `iIndex`.
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { defineDataset } from './define.js';
import { plainDecimal } from './gsm-hard.js';
import { collectItems, goldAnswer, jsonRecords } from './records.js';

const SPEC: AnswerSpec = { type: 'number' };

const recordSchema = z.object({
  iIndex: z.int(),
  lEquations: z.array(z.string()).optional(),
  lSolutions: z.array(z.number()).min(1),
  sQuestion: z.string().trim().min(1),
});

export const multiarith = defineDataset({
  name: 'multiarith',
  description: 'MultiArith (Roy and Roth 2015): multi-step arithmetic word problems; numeric answers.',
  answerType: 'number',
  exemplars: 'wei2022-math-annotator-a',
  files: { test: 'multiarith/multiarith.json' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record) => ({
        id: String(record.iIndex),
        question: record.sQuestion,
        answer: goldAnswer(plainDecimal(record.lSolutions[0] ?? Number.NaN), SPEC, ['lSolutions', 0]),
        answerSpec: SPEC,
      }),
      options,
    ),
});
