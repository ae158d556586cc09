import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../task.js';
import { countBy, loadReal } from '../test-helpers.js';
import { arcChallenge, arcEasy, arcQuestionText, parseArcInstruction } from './arc.js';
import { RecordProblem } from './records.js';

describe('arc', () => {
  it('loads 1172 challenge and 2376 easy questions, prompted with the SC ARC set', async () => {
    const challenge = await loadReal(arcChallenge);
    const easy = await loadReal(arcEasy);
    expect(challenge.items).toHaveLength(1172);
    expect(easy.items).toHaveLength(2376);
    expect(arcEasy).toMatchObject({ answerType: 'choice', exemplars: 'wang2022-sc-arc' });
    expect(challenge.items[0]).toEqual({
      id: 'arc/ARC-Challenge/test.json[0]',
      question:
        'An astronomer observes that a planet rotates faster after a meteorite impact. Which is the most likely effect of this increase in rotation? (a) Planetary density will decrease. (b) Planetary years will become longer. (c) Planetary days will become shorter. (d) Planetary gravity will become stronger.',
      answer: 'C',
      answerSpec: { type: 'choice', letters: ['A', 'B', 'C', 'D'] },
    });
  });

  it('reads 3-5 options per question from the Answer format line', async () => {
    const letters = (items: readonly TaskItem[]): Record<string, number> =>
      countBy(items, (item) => String(item.answerSpec.type === 'choice' ? item.answerSpec.letters.length : 0));
    expect(letters((await loadReal(arcChallenge)).items)).toEqual({ 3: 4, 4: 1165, 5: 3 });
    const easy = (await loadReal(arcEasy)).items;
    expect(letters(easy)).toEqual({ 3: 7, 4: 2365, 5: 4 });
    expect(easy.filter((item) => item.answer === 'E')).toHaveLength(1);
    expect(easy.every((item) => !item.question.includes('..') || /\.\.\./u.test(item.question))).toBe(true);
  });

  it('ends each option with one period', () => {
    const instruction = 'Please choose the correct answer to the question: Which? \n\nAnswer1: ice. Answer2: water Answer3: steam\n\nAnswer format: answer1/answer2/answer3';
    const arc = parseArcInstruction(instruction);
    expect(arc.options.map((o) => o.text)).toEqual(['ice.', 'water', 'steam']);
    expect(arcQuestionText(arc)).toBe('Which? (a) ice. (b) water. (c) steam.');
    expect(() => parseArcInstruction('Choose: x')).toThrow(RecordProblem);
  });
});
