// The shipped PAL exemplars (data/prompts/concord/pal-arithmetic.json): every program runs in the sandbox and
// returns its exemplar's answer, and the prompt shows the programs, never the answers.
import { describe, expect, it } from 'vitest';
import { normaliseAnswer } from '../../answers/index.js';
import { loadExemplarSet } from '../../prompts/index.js';
import { DEFAULT_PAL_EXEMPLARS } from './program-aided-options.js';
import { programFromCompletion, programPrompt, readOutcome } from './program-text.js';
import { runProgram } from './sandbox.js';

const number = { type: 'number' } as const;

describe(`exemplar set ${DEFAULT_PAL_EXEMPLARS}`, async () => {
  const set = await loadExemplarSet(DEFAULT_PAL_EXEMPLARS);
  const cot = await loadExemplarSet('wei2022-math-annotator-a');

  it('asks the 8 GSM8K questions of the CoT paper, with their answers', () => {
    expect(set.exemplars.map((e) => [e.question, e.answer])).toEqual(cot.exemplars.map((e) => [e.question, e.answer]));
  });

  it.each(set.exemplars.map((exemplar, index) => ({ index, exemplar })))('program $index returns its answer', async ({ exemplar }) => {
    const outcome = await runProgram(exemplar.rationale ?? '');
    expect(readOutcome(outcome, number)).toEqual({ answer: normaliseAnswer(exemplar.answer, number), rule: 'program' });
  });

  it('is what a completion of the body would give: the prompt ends inside solution()', () => {
    const built = programPrompt(set, 'How many?');
    expect(built.codePrefix).toBe('function solution() {\n');
    expect(built.prompt.endsWith('Q: How many?\n\n# solution in JavaScript:\nfunction solution() {\n')).toBe(true);
    expect(built.prompt).not.toContain('solution() returns');
    for (const exemplar of set.exemplars) {
      const program = exemplar.rationale ?? '';
      expect(built.prompt).toContain(`Q: ${exemplar.question}\n\n# solution in JavaScript:\n${program}\n\n\n`);
      // The model writes the body; the stop "\n}" takes the closing brace, which the strategy puts back.
      const body = program.slice(built.codePrefix.length, program.lastIndexOf('\n}'));
      expect(programFromCompletion(built.codePrefix, body)).toBe(program);
    }
  });
});
