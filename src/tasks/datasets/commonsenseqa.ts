/**
 * CommonsenseQA (rand split): JSON Lines `{answerKey, id, question: {question_concept, choices: [{label, text}], stem}}`.
 * The question text is nested in `question.stem`; formatted as the CoT CSQA exemplars:
 * `{stem} Answer Choices: (a) bank (b) library …` (lower-case letters, one line).
 */
import { z } from 'zod';
import { defineDataset } from './define.js';
import { answerChoices, choiceSpec, optionLetters } from './choices.js';
import { collectItems, goldAnswer, jsonRecords, RecordProblem } from './records.js';

const recordSchema = z.object({
  answerKey: z.string().min(1),
  id: z.string().min(1),
  question: z.object({
    question_concept: z.string().optional(),
    choices: z.array(z.object({ label: z.string(), text: z.string() })).min(2),
    stem: z.string().min(1),
  }),
});

export const commonsenseqa = defineDataset({
  name: 'commonsenseqa',
  description: 'CommonsenseQA (Talmor et al. 2019): five-option commonsense questions; choice answers.',
  answerType: 'choice',
  exemplars: 'wei2022-csqa',
  files: { dev: 'commonsenseqa/dev_rand_split.jsonl', train: 'commonsenseqa/train_rand_split.jsonl' },
  read: (file, options) =>
    collectItems(
      file,
      jsonRecords(file),
      recordSchema,
      (record) => {
        const letters = optionLetters(record.question.choices.length);
        const choices = record.question.choices.map((choice, index) => {
          if (choice.label.trim().toUpperCase() !== letters[index]) {
            throw new RecordProblem(`must be "${letters[index] ?? ''}" (labels run A, B, C, ...)`, ['question', 'choices', index, 'label']);
          }
          return { letter: letters[index] ?? '', text: choice.text.trim() };
        });
        const spec = choiceSpec(choices);
        return {
          id: record.id,
          question: `${record.question.stem.trim()} ${answerChoices(choices)}`,
          answer: goldAnswer(record.answerKey, spec, ['answerKey']),
          answerSpec: spec,
        };
      },
      options,
    ),
});
