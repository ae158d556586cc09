import { describe, expect, it } from 'vitest';
import { inferAnswerSpec } from './infer-answer-spec.js';

describe('inferAnswerSpec', () => {
  it.each([
    ['Take the last letters of the words in "Elon Musk" and concatenate them.', { type: 'text' }],
    ['A coin is heads up. Ka flips the coin. Is the coin still heads up?', { type: 'yes-no' }],
    ['Do hamsters provide food for any animals?', { type: 'yes-no' }],
    ['Yes or no: would a pear sink in water?', { type: 'yes-no' }],
    ['Natalia sold clips to 48 of her friends in April. How many clips did she sell?', { type: 'number' }],
    ['What do people use to absorb extra ink? Answer Choices: (a) shirt pocket (b) calligrapher’s hand (c) inkwell (d) desk drawer (e) blotter', { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] }],
    ['Which is a mammal? (A) shark (B) whale (C) trout', { type: 'choice', letters: ['A', 'B', 'C'] }],
    ['Who wrote Hamlet?', { type: 'text' }],
  ])('%s', (question, spec) => {
    expect(inferAnswerSpec(question)).toEqual(spec);
  });
});
