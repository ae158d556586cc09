/**
 * MATH (Hendrycks et al. 2021) in math-evaluation-harness's copies, answer type math (LaTeX-aware):
 * - `math500` (PRM800K's MATH-500 test subset): `{problem, solution, answer, subject, level: int, unique_id}`; gold
 *   `answer`, id `unique_id`.
 * - `math` (the full 5000-problem test set): `{problem, level: "Level 3", type, solution, idx}`; there is no answer
 *   field: the gold is the content of the last `\boxed{…}` of `solution` (braces nest), id `idx`.
 * No MATH exemplar set is shipped, so both prompt zero-shot.
 */
import { z } from 'zod';
import type { AnswerSpec } from '../../spec/answer.js';
import { MATH_DEFAULTS } from '../task.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonRecords, RecordProblem } from './records.js';

const SPEC: AnswerSpec = { type: 'math' };

const level = z.union([z.int(), z.string()]).optional();

/**
 * The content of the last `\boxed{…}` or `\fbox{…}` in a solution, nested braces matched (`\boxed{\frac{1}{2}}`
 * → `\frac{1}{2}`); undefined when there is none or its braces do not close.
 */
export function lastBoxed(solution: string): string | undefined {
  const boxed = solution.lastIndexOf('\\boxed');
  const fbox = solution.lastIndexOf('\\fbox');
  if (boxed < 0 && fbox < 0) return undefined;
  let open = boxed > fbox ? boxed + '\\boxed'.length : fbox + '\\fbox'.length;
  while (solution[open] === ' ') open++;
  if (solution[open] !== '{') return undefined;
  let depth = 0;
  for (let i = open; i < solution.length; i++) {
    const c = solution[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return solution.slice(open + 1, i);
  }
  return undefined;
}

const math500Schema = z.object({
  problem: z.string().min(1),
  solution: z.string().optional(),
  answer: z.string().trim().min(1),
  subject: z.string().optional(),
  level,
  unique_id: z.string().min(1),
});

export const math500 = defineDataset({
  name: 'math500',
  description: 'MATH-500 (Lightman et al. 2023): 500 MATH test problems; LaTeX answers.',
  answerType: 'math',
  defaults: MATH_DEFAULTS,
  files: { test: 'math500/test.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      math500Schema,
      (record) => ({ id: record.unique_id, question: record.problem, answer: goldAnswer(record.answer, SPEC, ['answer']), answerSpec: SPEC }),
      options,
    ),
});

const mathSchema = z.object({
  problem: z.string().min(1),
  level,
  type: z.string().optional(),
  solution: z.string().min(1),
  idx: z.union([z.int(), z.string().min(1)]).optional(),
});

export const math = defineDataset({
  name: 'math',
  description: 'MATH (Hendrycks et al. 2021): 5000 competition problems; the gold is the last \\boxed{} of the solution.',
  answerType: 'math',
  defaults: MATH_DEFAULTS,
  files: { test: 'math/test.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      mathSchema,
      (record, raw) => {
        const boxed = lastBoxed(record.solution);
        if (boxed === undefined || boxed.trim() === '') throw new RecordProblem('has no \\boxed{…} answer', ['solution']);
        return {
          id: record.idx === undefined ? raw.ref : String(record.idx),
          question: record.problem,
          answer: goldAnswer(boxed, SPEC, ['solution']),
          answerSpec: SPEC,
        };
      },
      options,
    ),
});
