import { describe, expect, it } from 'vitest';
import { choiceFromTail, findLetters, firstChoice, lastCapitalChoice, lastWrappedChoice, normaliseChoice } from './choice.js';

const AE = ['A', 'B', 'C', 'D', 'E'];

describe('findLetters', () => {
  it('classifies forms and prose', () => {
    const tokens = findLetters('A dog chose (b), C) and D. e.g. U.S. f(a) X-ray A\'s a/b');
    expect(tokens.map((t) => [t.letter, t.form, t.prose])).toEqual([
      ['A', 'bare', true],
      ['B', 'wrapped', false],
      ['C', 'closing', false],
      ['D', 'bare', false],
    ]);
  });

  it('reads a spaced wrapped letter once', () => {
    expect(findLetters('( c )').map((t) => t.form)).toEqual(['wrapped']);
  });
});

describe('choiceFromTail (text after the answer phrase)', () => {
  const cases: { tail: string; expected: ReturnType<typeof choiceFromTail> }[] = [
    { tail: '(c).', expected: { answer: 'C' } },
    { tail: 'D', expected: { answer: 'D' } },
    { tail: 'b', expected: { answer: 'B' } },
    { tail: 'b because it fits', expected: { answer: 'B' } },
    { tail: 'B) 21', expected: { answer: 'B' } },
    { tail: 'option (e) blotter', expected: { answer: 'E' } },
    { tail: '**C**', expected: { answer: 'C' } },
    { tail: 'a.', expected: { answer: 'A' } },
    { tail: 'a because the mean rises', expected: { answer: 'A' } },
    { tail: 'a dog', expected: null },
    { tail: 'a shirt pocket (a)', expected: { answer: 'A' } },
    { tail: 'the calligrapher’s hand', expected: null },
    { tail: '(f).', expected: 'invalid' },
    { tail: 'F', expected: 'invalid' },
    { tail: 'e.g. something', expected: null },
  ];
  it.each(cases)('$tail', ({ tail, expected }) => {
    expect(choiceFromTail(tail, AE)).toEqual(expected);
  });
});

describe('firstChoice (answer-only, Kojima)', () => {
  it.each([
    [' (C) inkwell', 'C'],
    [' C.', 'C'],
    [' c', 'C'],
    ['answer is b', 'B'],
    ['So the answer is: d', 'D'],
    ['E) blotter', 'E'],
    ['A shirt pocket, so (a)', 'A'],
    ['I think B', 'B'],
    ['(F) none, B', 'B'],
    ['none of them', null],
    ['a dog', null],
    ['the dog b', null],
  ])('%j → %j', (text, expected) => {
    expect(firstChoice(text, AE)).toBe(expected);
  });

  it('reads the pronoun I as prose even where I is an option', () => {
    expect(firstChoice('I think it is (c)', ['A', 'B', 'C', 'I'])).toBe('C');
    expect(firstChoice('I.', ['A', 'B', 'C', 'I'])).toBe('I');
  });
});

describe('completion fallbacks', () => {
  it.each([
    ['A dog ran to (b), then (d) happened. A cat sat.', 'D', null],
    ['(b) or B, then (d)', 'D', 'B'],
    ['f(a) = 3 and (g) is out of range', null, null],
    ['So B is right.', null, 'B'],
    ['A dog and I were there.', null, null],
    ['it was b) or c)', null, null],
    ['Choose C) then', null, 'C'],
  ])('%j → wrapped %j, capital %j', (text, wrapped, capital) => {
    expect(lastWrappedChoice(text, AE)).toBe(wrapped);
    expect(lastCapitalChoice(text, AE)).toBe(capital);
  });
});

describe('normaliseChoice', () => {
  it.each([
    ['b', 'B'],
    ['(B)', 'B'],
    [' c. ', 'C'],
    ['[d]', 'D'],
    ['E)', 'E'],
    ['F', null],
    ['AB', null],
    ['A)21', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseChoice(raw, AE)).toBe(expected);
  });
});
