/** Grading one predicted answer against a data set's gold label. */

import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { canonicalEqual, canonicalise, checkSpec } from './normalise.js';

/**
 * Whether `predicted` (an extracted answer, or any raw answer string) is the gold answer under the spec: false for an
 * abstention (null) or a prediction that is not a valid answer of the type; otherwise {@link answersEqual} of the
 * two, so numbers compare with the spec's relative tolerance (GSM-Hard's float targets such as `-9867630.0`) and math
 * with exact rationals and element-wise tuples.
 *
 * Throws InvalidArgumentError, naming the gold, when the gold is not a valid answer of the type (a choice gold
 * outside `spec.letters`, such as BBH movie_recommendation's `Monsters, Inc`; a number gold with no number): that is
 * a data or task error, and grading every prediction wrong would hide it. Also throws for a bad spec.
 */
export function gradeAnswer(predicted: string | null, gold: string, spec: AnswerSpec): boolean {
  checkSpec(spec);
  const expected = canonicalise(gold, spec);
  if (expected === null) {
    throw new InvalidArgumentError([
      { path: ['gold'], message: `gold answer ${JSON.stringify(gold)} is not a valid ${describe(spec)} answer` },
    ]);
  }
  if (predicted === null) return false;
  const answer = canonicalise(predicted, spec);
  return answer !== null && canonicalEqual(answer, expected, spec);
}

function describe(spec: AnswerSpec): string {
  return spec.type === 'choice' ? `choice (${spec.letters.join(', ')})` : spec.type;
}
