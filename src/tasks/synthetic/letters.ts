/**
 * Last-letter concatenation, worded exactly as the CoT paper's exemplars (Wei et al. 2022, Table 22):
 * Q: Take the last letters of the words in "Elon Musk" and concatenate them.
 * A: The last letter of "Elon" is "n". The last letter of "Musk" is "k". Concatenating them is "nk". The answer is nk.
 */
import { LETTER_FIRST_NAMES, LETTER_LAST_NAMES } from './names.js';
import { pickDistinct } from './random.js';
import { fill } from './tokens.js';
import type { Problem, Rng, TaskGenerator } from './types.js';

const QUESTION = 'Take the last letters of the words in "{words}" and concatenate them.';
const STEP = 'The last letter of "{word}" is "{letter}".';
const CONCATENATION = 'Concatenating them is "{answer}".';

/** The problem for these words, in this order. */
export function lettersProblem(words: readonly string[]): Problem {
  const lasts = words.map((word) => word.slice(-1));
  const answer = lasts.join('');
  const steps = words.map((word, i) => fill(STEP, { word, letter: lasts[i] ?? '' }));
  return {
    question: fill(QUESTION, { words: words.join(' ') }),
    rationale: [...steps, fill(CONCATENATION, { answer })].join(' '),
    answer,
    difficulty: words.length,
  };
}

/** A full name: a first name, then first names as middle names, then a last name; no word twice. */
function drawWords(rng: Rng, count: number): string[] {
  if (count === 1) return [rng.pick(LETTER_FIRST_NAMES)];
  const first = pickDistinct(rng, LETTER_FIRST_NAMES, count - 1);
  return [...first, rng.pick(LETTER_LAST_NAMES)];
}

export const lettersTask: TaskGenerator = {
  name: 'letters',
  answerType: 'text',
  answerTemplate: 'The answer is {answer}.',
  lengthUnit: 'words',
  maxLength: 10,
  templates: [QUESTION, STEP, CONCATENATION],
  fillerWords: [],
  names: [...LETTER_FIRST_NAMES, ...LETTER_LAST_NAMES],
  // The shared loop rejects answers that spell a vocabulary word ("is", "no"): a word tokenizer would read them as one.
  answerIsSpelled: true,
  draw: (rng, length) => lettersProblem(drawWords(rng, length)),
};
