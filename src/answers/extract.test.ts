import { describe, expect, it } from 'vitest';
import type { AnswerSpec, ExtractedAnswer } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { EXTRACTION_RULES, extractAnswer, textAfterLastPhrase, type ExtractOptions } from './extract.js';

const NUMBER: AnswerSpec = { type: 'number' };
const AE: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] };
const YES_NO: AnswerSpec = { type: 'yes-no' };
const TEXT: AnswerSpec = { type: 'text' };
const ANSWER_ONLY: ExtractOptions = { mode: 'answer-only' };

interface Case {
  readonly text: string;
  readonly spec: AnswerSpec;
  readonly options?: ExtractOptions;
  readonly expected: ExtractedAnswer;
}

const is = (answer: string, rule: string): ExtractedAnswer => ({ answer, rule });
const ABSTAIN: ExtractedAnswer = { answer: null, rule: null };

describe('extractAnswer: number', () => {
  const cases: Case[] = [
    { text: 'She has 5 + 13 = 18 apples. The answer is 18.', spec: NUMBER, expected: is('18', 'answer-phrase') },
    { text: 'So the answer is $2,125.', spec: NUMBER, expected: is('2125', 'answer-phrase') },
    { text: 'The answer is 1,234.', spec: NUMBER, expected: is('1234', 'answer-phrase') },
    { text: 'The answer is 1,000.5 dollars.', spec: NUMBER, expected: is('1000.5', 'answer-phrase') },
    { text: 'The answer is 18 dollars.', spec: NUMBER, expected: is('18', 'answer-phrase') },
    { text: 'The answer is -3.', spec: NUMBER, expected: is('-3', 'answer-phrase') },
    { text: 'The answer is 3/4.', spec: NUMBER, expected: is('0.75', 'answer-phrase') },
    { text: 'The answer is 18.0', spec: NUMBER, expected: is('18', 'answer-phrase') },
    { text: 'The answer is: **42**', spec: NUMBER, expected: is('42', 'answer-phrase') },
    { text: 'The answer is\n\n7', spec: NUMBER, expected: is('7', 'answer-phrase') },
    { text: 'The answer is 5. Wait, 6 is more. The answer is 6.', spec: NUMBER, expected: is('6', 'answer-phrase') },
    { text: 'The answer is 2, 3, 4', spec: NUMBER, expected: is('2', 'answer-phrase') },
    // The phrase reads nothing: fall back to the last number in the whole text.
    { text: 'We get 4 + 4 = 8. The answer is eight.', spec: NUMBER, expected: is('8', 'last-number') },
    { text: '15 - 6 = 9 trees', spec: NUMBER, expected: is('9', 'last-number') },
    { text: "the answer isn't 5", spec: NUMBER, expected: is('5', 'last-number') },
    { text: 'I cannot tell.', spec: NUMBER, expected: ABSTAIN },
    { text: '', spec: NUMBER, expected: ABSTAIN },
    // Answer-only (Kojima): the first number from the start.
    { text: ' 18.', spec: NUMBER, options: ANSWER_ONLY, expected: is('18', 'first-number') },
    { text: ' 1,234 apples, not 5', spec: NUMBER, options: ANSWER_ONLY, expected: is('1234', 'first-number') },
    { text: ' -3.5 degrees', spec: NUMBER, options: ANSWER_ONLY, expected: is('-3.5', 'first-number') },
    { text: ' eighteen', spec: NUMBER, options: ANSWER_ONLY, expected: ABSTAIN },
  ];
  it.each(cases)('$text ($options)', ({ text, spec, options, expected }) => {
    expect(extractAnswer(text, spec, options)).toEqual(expected);
  });
});

describe('extractAnswer: choice', () => {
  const cases: Case[] = [
    { text: 'Of the above choices, only blotters absorb ink. So the answer is (e).', spec: AE, expected: is('E', 'answer-phrase') },
    { text: 'The answer is (c).', spec: AE, expected: is('C', 'answer-phrase') },
    { text: 'The answer is B) 21', spec: AE, expected: is('B', 'answer-phrase') },
    { text: 'so the answer is b', spec: AE, expected: is('B', 'answer-phrase') },
    { text: 'Therefore, among A through E, the answer is D.', spec: AE, expected: is('D', 'answer-phrase') },
    { text: 'So a is equal to 3/2. The answer is (b).', spec: AE, expected: is('B', 'answer-phrase') },
    { text: 'The answer is a dog, so (d) fits.', spec: AE, expected: is('D', 'answer-phrase') },
    // An out-of-range letter after the phrase is an invalid answer, not a reason to read another letter.
    { text: 'Maybe (b). The answer is (f).', spec: AE, expected: ABSTAIN },
    // Fallbacks from the end: the last wrapped letter, then the last capital letter.
    { text: 'A dog would go to (b), but a cat to (d).', spec: AE, expected: is('D', 'parenthesised-letter') },
    { text: 'A dog would go there. So C.', spec: AE, expected: is('C', 'last-capital-letter') },
    { text: 'A dog is a pet and I like a cat.', spec: AE, expected: ABSTAIN },
    { text: 'Option (g) is best.', spec: AE, expected: ABSTAIN },
    { text: 'The answer is the calligrapher’s hand.', spec: AE, expected: ABSTAIN },
    // Answer-only: the first letter in range from the start.
    { text: ' (C) inkwell.', spec: AE, options: ANSWER_ONLY, expected: is('C', 'first-letter') },
    { text: ' E', spec: AE, options: ANSWER_ONLY, expected: is('E', 'first-letter') },
    { text: ' b.', spec: AE, options: ANSWER_ONLY, expected: is('B', 'first-letter') },
    { text: 'answer is b', spec: AE, options: ANSWER_ONLY, expected: is('B', 'first-letter') },
    { text: ' a dog, so B', spec: AE, options: ANSWER_ONLY, expected: is('B', 'first-letter') },
    { text: 'Therefore, among A through E, the answer is (d)', spec: AE, options: ANSWER_ONLY, expected: is('D', 'answer-phrase') },
    { text: 'Therefore, among A through E, the answer is unclear', spec: AE, options: ANSWER_ONLY, expected: ABSTAIN },
  ];
  it.each(cases)('$text ($options)', ({ text, spec, options, expected }) => {
    expect(extractAnswer(text, spec, options)).toEqual(expected);
  });

  it('never answers a letter outside spec.letters', () => {
    const abc: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C'] };
    for (const text of ['The answer is (d).', '(e)', 'So E.', ' D']) {
      expect(extractAnswer(text, abc).answer).toBeNull();
      expect(extractAnswer(text, abc, ANSWER_ONLY).answer).toBeNull();
    }
  });
});

describe('extractAnswer: yes-no', () => {
  const cases: Case[] = [
    { text: 'Hydrogen is the first element. So the answer is no.', spec: YES_NO, expected: is('no', 'answer-phrase') },
    { text: 'The answer is Yes.', spec: YES_NO, expected: is('yes', 'answer-phrase') },
    { text: 'The answer is: **No**', spec: YES_NO, expected: is('no', 'answer-phrase') },
    { text: 'It was flipped by no one, so it is still heads up. Yes.', spec: YES_NO, expected: is('yes', 'last-yes-no') },
    { text: 'It was flipped by no one.', spec: YES_NO, expected: ABSTAIN },
    { text: 'The answer is maybe. Earlier I said no.', spec: YES_NO, expected: is('no', 'last-yes-no') },
    { text: 'Yes.', spec: YES_NO, options: ANSWER_ONLY, expected: is('yes', 'first-yes-no') },
    { text: ' No, because it was flipped.', spec: YES_NO, options: ANSWER_ONLY, expected: is('no', 'first-yes-no') },
    { text: ' "yes"', spec: YES_NO, options: ANSWER_ONLY, expected: is('yes', 'first-yes-no') },
    { text: ' Not sure.', spec: YES_NO, options: ANSWER_ONLY, expected: ABSTAIN },
  ];
  it.each(cases)('$text ($options)', ({ text, spec, options, expected }) => {
    expect(extractAnswer(text, spec, options)).toEqual(expected);
  });
});

describe('extractAnswer: text', () => {
  const cases: Case[] = [
    { text: 'Concatenating them is "nk". The answer is nk.', spec: TEXT, expected: is('nk', 'answer-phrase') },
    { text: 'The answer is "NK".', spec: TEXT, expected: is('nk', 'answer-phrase') },
    { text: 'So the answer is 05/23/1943.', spec: TEXT, expected: is('05/23/1943', 'answer-phrase') },
    { text: 'The answer is ye. The next one is', spec: TEXT, expected: is('ye', 'answer-phrase') },
    { text: 'The answer is ls\nQ: next', spec: TEXT, expected: is('ls', 'answer-phrase') },
    { text: 'Concatenating them is "yn".', spec: TEXT, expected: is('yn', 'last-quoted') },
    { text: 'The answer is .', spec: TEXT, expected: ABSTAIN },
    { text: 'I do not know', spec: TEXT, expected: ABSTAIN },
    { text: ' nk.', spec: TEXT, options: ANSWER_ONLY, expected: is('nk', 'first-sentence') },
    { text: '\n"ye". The last letters are', spec: TEXT, options: ANSWER_ONLY, expected: is('ye', 'first-sentence') },
    { text: '  ', spec: TEXT, options: ANSWER_ONLY, expected: ABSTAIN },
  ];
  it.each(cases)('$text ($options)', ({ text, spec, options, expected }) => {
    expect(extractAnswer(text, spec, options)).toEqual(expected);
  });
});

describe('answer phrases', () => {
  it.each([
    ['So the answer is 5.', ['The answer is', 'the answer is'], '5.'],
    ['The answer is 5. So the answer is 6.', ['The answer is', 'the answer is'], '6.'],
    ['The answer is: 7', ['The answer is'], '7'],
    ["the answer isn't clear", ['the answer is'], null],
    ['no phrase', ['The answer is'], null],
    ['Answer:B', ['Answer:'], 'B'],
    ['Answer: (c) and The answer is', ['Answer:', 'The answer is'], ''],
    ['#### 42', ['####', '#'], '42'],
  ])('%j with %j → %j', (text, phrases, expected) => {
    expect(textAfterLastPhrase(text, phrases)).toBe(expected);
  });

  it('uses the caller’s phrases, case-sensitively', () => {
    expect(extractAnswer('Final answer: 12. Total 13', NUMBER, { answerPhrases: ['Final answer:'] })).toEqual(is('12', 'answer-phrase'));
    expect(extractAnswer('THE ANSWER IS 12. Total 13', NUMBER)).toEqual(is('13', 'last-number'));
    expect(extractAnswer('The answer is 12. Total 13', NUMBER, { answerPhrases: [] })).toEqual(is('13', 'last-number'));
  });
});

describe('rules and errors', () => {
  it('reports only the documented rule names', () => {
    const texts = ['The answer is 5.', '5 and 6', ' (b)', 'So C.', 'yes', 'no one', '"nk"', 'nk.'];
    const specs = [NUMBER, AE, YES_NO, TEXT];
    for (const text of texts) {
      for (const spec of specs) {
        for (const mode of ['completion', 'answer-only'] as const) {
          const { rule } = extractAnswer(text, spec, { mode });
          if (rule !== null) expect(EXTRACTION_RULES).toContain(rule);
        }
      }
    }
  });

  it.each([
    [{ type: 'choice', letters: [] }, 'spec.letters'],
    [{ type: 'choice', letters: ['a', 'B'] }, 'spec.letters.0'],
    [{ type: 'choice', letters: ['A', 'A'] }, 'spec.letters.1'],
    [{ type: 'number', tolerance: -1 }, 'spec.tolerance'],
    [{ type: 'date' }, 'spec.type'],
  ])('rejects the spec %j naming %s', (spec, path) => {
    expect(() => extractAnswer('The answer is 5', spec as AnswerSpec)).toThrow(InvalidArgumentError);
    expect(() => extractAnswer('The answer is 5', spec as AnswerSpec)).toThrow(path);
  });

  it('rejects bad options, all at once', () => {
    const options = { mode: 'chat', answerPhrases: ['', 'ok'] } as unknown as ExtractOptions;
    try {
      extractAnswer('x', NUMBER, options);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).issues.map((i) => i.path.join('.'))).toEqual(['options.mode', 'options.answerPhrases.0']);
    }
  });
});
