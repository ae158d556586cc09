/**
 * The 4-shot arithmetic exemplar set data/prompts/concord/arithmetic-4shot.json, rebuilt from the generator so the
 * file is reproducible (write it with `npx tsx src/tasks/synthetic/write-exemplars.ts`; a test checks it is current).
 */
import path from 'node:path';
import { promptsDataDir } from '../../prompts/data-dir.js';
import type { ExemplarSet } from '../../prompts/exemplar-set-schema.js';
import { DEFAULT_LENGTHS, generateItems } from './generate.js';
import type { SyntheticItem } from './types.js';

export const ARITHMETIC_EXEMPLAR_FILE: string = path.join(promptsDataDir, 'concord', 'arithmetic-4shot.json');

/** Train-side items only, so no exemplar question is in a test split; 2- and 3-step items alternate. */
function exemplarItems(): SyntheticItem[] {
  const [shortest, longest] = DEFAULT_LENGTHS.in;
  const short = generateItems('arithmetic', 'train', { seed: 0, count: 2, lengths: [shortest, shortest] });
  const long = generateItems('arithmetic', 'train', { seed: 0, count: 2, lengths: [longest, longest] });
  return [short[0], long[0], short[1], long[1]].filter((item): item is SyntheticItem => item !== undefined);
}

export function arithmeticExemplarSet(): ExemplarSet {
  const exemplars = exemplarItems().map((item) => ({
    question: item.question,
    rationale: item.rationale,
    answer: item.answer,
    full_answer_text: item.cotAnswer,
  }));
  return {
    id: 'concord-arithmetic',
    paper: 'None: Concord synthetic arithmetic word problems, generated (src/tasks/synthetic), in the style of the CoT paper (Wei et al. 2022, arXiv:2201.11903) GSM8K exemplars',
    source: {
      repo: null,
      path: 'src/tasks/synthetic/exemplars.ts',
      commit: null,
      licence: 'MIT (this project)',
      method:
        "arithmeticExemplarSet(): generateItems('arithmetic', 'train', { seed: 0, count: 2 }) with lengths [2, 2] and [3, 3], interleaved 2, 3, 2, 3 steps",
      table: null,
    },
    benchmarks: ['Concord synthetic arithmetic (in-distribution 2-3 steps, out-of-distribution 4-5 steps)'],
    format: {
      question_prefix: 'Q: ',
      answer_prefix: 'A: ',
      question_answer_separator: '\n',
      separator: '\n\n',
      test_prompt_suffix: 'Q: {question}\nA:',
      stop: ['\n\nQ:', 'Q:'],
      answer_phrase: 'The answer is',
      answer_template: 'The answer is {answer}.',
      answer_type: 'number',
    },
    num_exemplars: exemplars.length,
    exemplars,
    notes:
      'Generated, not transcribed: regenerate with npx tsx src/tasks/synthetic/write-exemplars.ts. The questions are train-side (FNV-1a-32 of the question % 10 !== 0), so none is in the in or out test splits. Operators are ASCII " + ", " - ", " * ", " / "; every value is an integer in 1..100.',
  };
}

/** The file's exact text: 2-space JSON and a final newline, as the shared exemplar files. */
export function arithmeticExemplarJson(): string {
  return `${JSON.stringify(arithmeticExemplarSet(), null, 2)}\n`;
}
