import type { AnswerType } from '../spec/answer.js';
import type { ExemplarSet } from './exemplar-set-schema.js';

/**
 * Which answer type a set's exemplars teach, so a caller can say when a question's answer type does not fit
 * them (a number question with the coin-flip set). Read from `format.answer_type` where it names a type, else
 * from the exemplars' answers (the date set says "date string MM/DD/YYYY": its answers make it `text`).
 */
export function exemplarAnswerType(set: ExemplarSet): AnswerType {
  return answerTypeFromLabel(set.format.answer_type) ?? answerTypeFromAnswers(set.exemplars.map((e) => e.answer));
}

function answerTypeFromLabel(label: string): AnswerType | undefined {
  const text = label.trim().toLowerCase();
  if (/^(number|numeric|integer)\b/.test(text)) return 'number';
  if (/\bchoice\b/.test(text)) return 'choice';
  if (/^yes\s*[/-]?\s*no\b/.test(text)) return 'yes-no';
  if (/^(text|free)\b/.test(text)) return 'text';
  return undefined;
}

function answerTypeFromAnswers(answers: readonly string[]): AnswerType {
  const all = (test: (answer: string) => boolean): boolean => answers.length > 0 && answers.every(test);
  if (all((a) => /^-?\d+(\.\d+)?$/.test(a.replaceAll(',', '')))) return 'number';
  if (all((a) => /^(yes|no)$/i.test(a))) return 'yes-no';
  if (all((a) => /^\(?[a-z]\)?$/i.test(a))) return 'choice';
  return 'text';
}
