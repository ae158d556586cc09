import { describe, expect, it } from 'vitest';
import { loadExemplarSet } from '../../prompts/registry.js';
import { generateItems, spellsAWord } from './generate.js';
import { lettersProblem } from './letters.js';
import { LETTER_FIRST_NAMES, LETTER_LAST_NAMES } from './names.js';

/** The words between the question's quotes. */
function questionWords(question: string): string[] {
  const match = /^Take the last letters of the words in "([A-Za-z ]+)" and concatenate them\.$/.exec(question);
  if (match?.[1] === undefined) throw new Error(`not a letters question: ${question}`);
  return match[1].split(' ');
}

describe('letters: the CoT paper format', () => {
  it('rebuilds all 4 exemplars of Table 22 verbatim from their words', async () => {
    const set = await loadExemplarSet('wei2022-last-letter-concatenation');
    expect(set.exemplars).toHaveLength(4);
    for (const exemplar of set.exemplars) {
      const problem = lettersProblem(questionWords(exemplar.question));
      expect(problem.question).toBe(exemplar.question);
      expect(problem.rationale).toBe(exemplar.rationale);
      expect(problem.answer).toBe(exemplar.answer);
      expect(`${problem.rationale} The answer is ${problem.answer}.`).toBe(exemplar.full_answer_text);
    }
  });

  it('can draw every exemplar name', () => {
    for (const name of ['Elon', 'Larry', 'Sergey', 'Bill']) expect(LETTER_FIRST_NAMES).toContain(name);
    for (const name of ['Musk', 'Page', 'Brin', 'Gates']) expect(LETTER_LAST_NAMES).toContain(name);
  });

  it('uses capitalised names of 3 to 8 letters', () => {
    for (const name of [...LETTER_FIRST_NAMES, ...LETTER_LAST_NAMES]) expect(name).toMatch(/^[A-Z][a-z]{2,7}$/);
  });
});

describe('letters: generated items', () => {
  const items = [
    ...generateItems('letters', 'train', { seed: 7, count: 2000, lengths: [1, 6] }),
    ...generateItems('letters', 'in', { seed: 7, count: 500 }),
    ...generateItems('letters', 'out', { seed: 7, count: 500 }),
  ];

  it('answers the last letters of the question words, in order', () => {
    for (const item of items) {
      const words = questionWords(item.question);
      expect(item.answer).toBe(words.map((w) => w.slice(-1)).join(''));
      expect(item.difficulty).toBe(words.length);
      expect(new Set(words).size).toBe(words.length);
      expect(item.cotAnswer).toBe(`${item.rationale} The answer is ${item.answer}.`);
      expect(item.directAnswer).toBe(`The answer is ${item.answer}.`);
    }
  });

  it('starts with a first name and ends with a last name', () => {
    for (const item of items) {
      const words = questionWords(item.question);
      expect(LETTER_FIRST_NAMES).toContain(words[0]);
      if (words.length > 1) expect(LETTER_LAST_NAMES).toContain(words[words.length - 1]);
    }
  });

  it('never answers with a word of the templates', () => {
    for (const word of ['no', 'is', 'the', 'a', 'of', 'so', 'it', 'in', 'be', 'an', 'yes', 'up', 'by']) {
      expect(spellsAWord(word)).toBe(true);
    }
    expect(spellsAWord('nk')).toBe(false);
    for (const item of items) expect(spellsAWord(item.answer)).toBe(false);
  });
});
