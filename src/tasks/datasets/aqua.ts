/**
 * AQuA (google-deepmind/AQuA): JSON Lines despite the `.json` name, `{question, options, rationale, correct}`.
 * Options are written `"A)21"` (sometimes `"A) 13.35"`, and line 30 of test.json doubles the label, `"A)A)59"`, kept
 * once here); the question is formatted as the CoT paper's AQuA exemplars:
 * `{question}\nAnswer Choices: (a) 21 (b) …` with lower-case letters. Gold: `correct`, one of the option letters.
 */
import { z } from 'zod';
import { defineDataset } from './define.js';
import { answerChoices, choiceSpec, type Option } from './choices.js';
import { collectItems, goldAnswer, jsonRecords, RecordProblem } from './records.js';

const recordSchema = z.object({
  question: z.string().min(1),
  options: z.array(z.string()).min(2),
  rationale: z.string().optional(),
  correct: z.string().min(1),
});

/** `"A)21"` → { letter: 'A', text: '21' }; a doubled label `"A)A)59"` counts once. The letters must run A, B, C, ... */
export function parseAquaOptions(options: readonly string[]): Option[] {
  return options.map((raw, index) => {
    const match = /^\s*([A-Z])\s*\)\s*(.*)$/su.exec(raw);
    const letter = String.fromCharCode(65 + index);
    if (match?.[1] !== letter) throw new RecordProblem(`must start "${letter})", got ${JSON.stringify(raw)}`, ['options', index]);
    const text = (match[2] ?? '').trim();
    return { letter, text: text.startsWith(`${letter})`) ? text.slice(2).trim() : text };
  });
}

export const aqua = defineDataset({
  name: 'aqua',
  description: 'AQuA-RAT (Ling et al. 2017): algebra word problems with five options; choice answers.',
  answerType: 'choice',
  exemplars: 'wei2022-aqua',
  files: { test: 'aqua/test.json', dev: 'aqua/dev.json' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record, raw) => {
        const choices = parseAquaOptions(record.options);
        const spec = choiceSpec(choices);
        return {
          id: raw.ref,
          question: `${record.question}\n${answerChoices(choices)}`,
          answer: goldAnswer(record.correct, spec, ['correct']),
          answerSpec: spec,
        };
      },
      options,
    ),
});
