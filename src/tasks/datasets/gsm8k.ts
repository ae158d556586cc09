/**
 * GSM8K (openai/grade-school-math): JSON Lines `{question, answer}`. The gold number is the text after the last
 * `####` of the worked solution, thousands separators removed (`#### 2,125` → 2125).
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonRecords, RecordProblem } from './records.js';

const SPEC: AnswerSpec = { type: 'number' };

const recordSchema = z.object({ question: z.string().min(1), answer: z.string().min(1) });

/** The text after the last `####`, trimmed; a RecordProblem when there is none. */
export function gsm8kGold(solution: string): string {
  const at = solution.lastIndexOf('####');
  if (at < 0) throw new RecordProblem('has no "####" before the gold number', ['answer']);
  return solution.slice(at + 4).trim();
}

export const gsm8k = defineDataset({
  name: 'gsm8k',
  description: 'GSM8K grade-school math word problems (Cobbe et al. 2021); numeric answers.',
  answerType: 'number',
  exemplars: 'wei2022-math-annotator-a',
  files: { test: 'gsm8k/test.jsonl', train: 'gsm8k/train.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record, raw) => ({
        id: raw.ref,
        question: record.question,
        answer: goldAnswer(gsm8kGold(record.answer), SPEC, ['answer']),
        answerSpec: SPEC,
      }),
      options,
    ),
});
