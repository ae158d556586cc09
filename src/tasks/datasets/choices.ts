/** Lettered options in the layouts the exemplar sets print, and the per-item choice spec. */
import type { AnswerSpec } from '../../spec/answer.js';

export interface Option {
  /** Upper case. */
  readonly letter: string;
  readonly text: string;
}

/** A, B, C, ... for `count` options. */
export function optionLetters(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}

export function choiceSpec(options: readonly Option[]): AnswerSpec {
  return { type: 'choice', letters: options.map((o) => o.letter) };
}

/** `Answer Choices: (a) 21 (b) 22` (CoT AQuA and CSQA: lower-case letters as printed). */
export function answerChoices(options: readonly Option[], letterCase: 'lower' | 'upper' = 'lower'): string {
  const label = (letter: string): string => (letterCase === 'lower' ? letter.toLowerCase() : letter);
  return `Answer Choices: ${options.map((o) => `(${label(o.letter)}) ${o.text}`).join(' ')}`;
}
