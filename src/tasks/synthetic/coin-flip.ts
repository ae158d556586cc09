/**
 * Coin flip, worded exactly as the CoT paper's 8 exemplars (Wei et al. 2022, Table 23). The exemplars show 0, 1
 * and 2 flippers only; 3 or more are listed "A, B and C" (no Oxford comma), by analogy with "A and B".
 * The rationale names only the people who flip, in question order.
 */
import { FIRST_NAMES } from './names.js';
import { pickDistinct } from './random.js';
import { fill } from './tokens.js';
import type { Problem, TaskGenerator } from './types.js';

export interface CoinFlipper {
  readonly name: string;
  readonly flips: boolean;
}

const OPENING = 'A coin is heads up.';
const FLIPS = '{name} flips the coin.';
const DOES_NOT_FLIP = '{name} does not flip the coin.';
const QUESTION = 'Is the coin still heads up?';
const NO_FLIPS =
  'The coin was flipped by no one. So the coin was flipped 0 times. ' +
  'The coin started heads up, and it was not flipped, so it is still heads up.';
const FLIPPED_BY = 'The coin was flipped by {people}.';
const COUNT = 'So the coin was flipped {count} {times}, which is an {parity} number.';
const EVEN_END = 'The coin started heads up, so after an even number of flips, it will still be heads up.';
const ODD_END = 'The coin started heads up, so after an odd number of flips, it will be tails up.';
/** Words filled into slots: the {times} and {parity} values, the list joiner, the answers. */
const SLOT_WORDS = ['time', 'times', 'even', 'odd', 'and', 'yes', 'no'];

/** "A", "A and B", "A, B and C". */
export function listPeople(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

export function coinFlipProblem(people: readonly CoinFlipper[]): Problem {
  const actions = people.map((p) => fill(p.flips ? FLIPS : DOES_NOT_FLIP, { name: p.name }));
  const question = [OPENING, ...actions, QUESTION].join(' ');
  const flippers = people.filter((p) => p.flips).map((p) => p.name);
  const count = flippers.length;
  const even = count % 2 === 0;
  const rationale =
    count === 0
      ? NO_FLIPS
      : [
          fill(FLIPPED_BY, { people: listPeople(flippers) }),
          fill(COUNT, { count, times: count === 1 ? 'time' : 'times', parity: even ? 'even' : 'odd' }),
          even ? EVEN_END : ODD_END,
        ].join(' ');
  return { question, rationale, answer: even ? 'yes' : 'no', difficulty: people.length };
}

export const coinFlipTask: TaskGenerator = {
  name: 'coin-flip',
  answerType: 'yes-no',
  answerTemplate: 'So the answer is {answer}.',
  lengthUnit: 'people',
  maxLength: 10,
  templates: [OPENING, FLIPS, DOES_NOT_FLIP, QUESTION, NO_FLIPS, FLIPPED_BY, COUNT, EVEN_END, ODD_END],
  fillerWords: SLOT_WORDS,
  names: FIRST_NAMES,
  answerIsSpelled: false,
  // Each person flips with probability 1/2, as in the paper's data.
  draw: (rng, length) =>
    coinFlipProblem(pickDistinct(rng, FIRST_NAMES, length).map((name) => ({ name, flips: rng.next() < 0.5 }))),
};
