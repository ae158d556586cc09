import { describe, expect, it } from 'vitest';
import { loadExemplarSet } from '../../prompts/registry.js';
import { coinFlipProblem, listPeople, type CoinFlipper } from './coin-flip.js';
import { generateItems } from './generate.js';
import { FIRST_NAMES } from './names.js';

/** Who appears in the question, in order, and whether they flip. */
function questionPeople(question: string): CoinFlipper[] {
  expect(question.startsWith('A coin is heads up. ')).toBe(true);
  expect(question.endsWith(' Is the coin still heads up?')).toBe(true);
  return [...question.matchAll(/([A-Z][a-z]+) (flips|does not flip) the coin\./g)].map((m) => ({
    name: m[1] ?? '',
    flips: m[2] === 'flips',
  }));
}

describe('coin flip: the CoT paper format', () => {
  it('rebuilds all 8 exemplars of Table 23 verbatim (0, 1 and 2 flips)', async () => {
    const set = await loadExemplarSet('wei2022-coin-flip');
    expect(set.exemplars).toHaveLength(8);
    for (const exemplar of set.exemplars) {
      const problem = coinFlipProblem(questionPeople(exemplar.question));
      expect(problem.question).toBe(exemplar.question);
      expect(problem.rationale).toBe(exemplar.rationale);
      expect(problem.answer).toBe(exemplar.answer);
      expect(`${problem.rationale} So the answer is ${problem.answer}.`).toBe(exemplar.full_answer_text);
    }
  });

  it('has every exemplar name in its list', () => {
    const names = 'Ka Sherrie Jamey Teressa Maybelle Shalonda Millicent Conception Sal Raymond Kristian Inga Elanor Ryan Shaunda';
    for (const name of names.split(' ')) expect(FIRST_NAMES).toContain(name);
  });

  it('lists 3 or more flippers as "A, B and C" and counts them', () => {
    expect(listPeople(['Ka'])).toBe('Ka');
    expect(listPeople(['Ka', 'Sal'])).toBe('Ka and Sal');
    expect(listPeople(['Ka', 'Sal', 'Inga', 'Ryan'])).toBe('Ka, Sal, Inga and Ryan');
    const problem = coinFlipProblem([
      { name: 'Ka', flips: true },
      { name: 'Sal', flips: false },
      { name: 'Inga', flips: true },
      { name: 'Ryan', flips: true },
    ]);
    expect(problem.rationale).toBe(
      'The coin was flipped by Ka, Inga and Ryan. So the coin was flipped 3 times, which is an odd number. ' +
        'The coin started heads up, so after an odd number of flips, it will be tails up.',
    );
    expect(problem.answer).toBe('no');
  });
});

describe('coin flip: generated items', () => {
  const items = [
    ...generateItems('coin-flip', 'train', { seed: 3, count: 2000, lengths: [1, 6] }),
    ...generateItems('coin-flip', 'in', { seed: 3, count: 500 }),
    ...generateItems('coin-flip', 'out', { seed: 3, count: 500 }),
  ];

  it('answers yes exactly when an even number of people flip', () => {
    for (const item of items) {
      const people = questionPeople(item.question);
      const flips = people.filter((p) => p.flips).length;
      expect(item.answer).toBe(flips % 2 === 0 ? 'yes' : 'no');
      expect(item.difficulty).toBe(people.length);
      expect(new Set(people.map((p) => p.name)).size).toBe(people.length);
      expect(item.rationale).toContain(`flipped ${flips} time`);
      expect(item.cotAnswer).toBe(`${item.rationale} So the answer is ${item.answer}.`);
      expect(item.directAnswer).toBe(`The answer is ${item.answer}.`);
    }
  });

  it('draws both answers and every flip count', () => {
    const answers = new Set(items.map((i) => i.answer));
    expect(answers).toEqual(new Set(['yes', 'no']));
    const counts = new Set(items.map((i) => questionPeople(i.question).filter((p) => p.flips).length));
    for (let k = 0; k <= 5; k++) expect(counts.has(k)).toBe(true);
  });
});
