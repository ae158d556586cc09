import { describe, expect, it } from 'vitest';
import { extractAnswer, gradeAnswer } from '../../answers/index.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import {
  STEP_TEMPLATES,
  arithmeticProblem,
  isTestQuestion,
  lettersProblem,
  type ArithmeticStep,
  type ArithmeticStory,
  type StepKind,
} from '../../tasks/synthetic/index.js';
import {
  decompositionPrompt,
  leastToMostSetIds,
  loadLeastToMostSet,
  parseDecomposition,
  parseLeastToMostSet,
  solutionPrompt,
  splitQuestion,
  stepJoint,
  type LeastToMostSet,
} from './least-to-most-prompts.js';

const letters = await loadLeastToMostSet('concord-l2m-letters');
const arithmetic = await loadLeastToMostSet('concord-l2m-arithmetic');

/** The answer a solution line gives, read as the strategy reads it. */
function lineAnswer(set: LeastToMostSet, line: string): string | null {
  return extractAnswer(line, { type: set.answer_type === 'number' ? 'number' : 'text' }, { answerPhrases: [set.format.answer_phrase] }).answer;
}

/** The story of one of the task's arithmetic questions, read back with the task's own step templates. */
function storyOf(question: string): ArithmeticStory {
  const sentences = question.split(/(?<=[.?])\s+/);
  const opening = /^(\w+) (has|starts with) (\d+) (\w+)\.$/.exec(sentences[0] ?? '');
  if (opening === null) throw new Error(`not an arithmetic opening: ${sentences[0] ?? ''}`);
  const [, name = '', verb, start, objects = ''] = opening;
  const steps = sentences.slice(1, -1).map((sentence): ArithmeticStep => {
    for (const [kind, template] of Object.entries(STEP_TEMPLATES) as [StepKind, { text: string }][]) {
      const pattern = template.text
        .replace(/\{(He|he|him)\}/g, '(?:He|She|he|she|him|her)')
        .replace('{other}', '(?<other>\\w+)')
        .replace('{n}', '(?<n>\\d+)');
      const match = new RegExp(`^${pattern}\\.$`).exec(sentence);
      if (match?.groups !== undefined) {
        const n = Number(match.groups['n']);
        const other = match.groups['other'];
        return other === undefined ? { kind, n } : { kind, n, other };
      }
    }
    throw new Error(`no step template reads "${sentence}"`);
  });
  return { name, objects, start: Number(start), opening: verb === 'has' ? 0 : 1, steps };
}

describe('least-to-most sets', () => {
  it.each(leastToMostSetIds)('%s parses and counts its exemplars', async (id) => {
    const set = await loadLeastToMostSet(id);
    expect(set.id).toBe(id);
    expect(set.num_exemplars).toBe(set.exemplars.length);
  });

  it.each([letters, arithmetic].flatMap((set) => set.exemplars.map((exemplar, i) => ({ name: `${set.id} #${i + 1}`, set, exemplar }))))(
    '$name: its decomposition reads back as its own steps, the question last',
    ({ set, exemplar }) => {
      const parsed = parseDecomposition(set, exemplar.question, exemplar.decomposition, 8);
      expect(parsed).toEqual({ subquestions: exemplar.steps.map((s) => s.question), parsed: true, dropped: 0, ignored: 0 });
      expect(exemplar.steps.at(-1)?.question).toBe(splitQuestion(exemplar.question).asked);
      expect(lineAnswer(set, exemplar.steps.at(-1)?.answer ?? '')).toBe(exemplar.answer);
      // Train-side questions only, so no exemplar is a test item.
      expect(isTestQuestion(exemplar.question)).toBe(false);
    },
  );

  it.each(letters.exemplars.map((exemplar, i) => ({ i, exemplar })))('letters #$i: right by the task generator and grader, step by step', ({ exemplar }) => {
    const words = (/"([^"]+)"/.exec(exemplar.question)?.[1] ?? '').split(' ');
    const problem = lettersProblem(words);
    expect(exemplar.question).toBe(problem.question);
    expect(gradeAnswer(exemplar.answer, problem.answer, { type: 'text' })).toBe(true);
    exemplar.steps.forEach((step, i) => {
      const prefix = lettersProblem(words.slice(0, i + 1));
      expect(step.question).toBe(prefix.question);
      expect(gradeAnswer(lineAnswer(letters, step.answer), prefix.answer, { type: 'text' })).toBe(true);
    });
  });

  it.each(arithmetic.exemplars.map((exemplar, i) => ({ i, exemplar })))('arithmetic #$i: right by the task generator and grader, step by step', ({ exemplar }) => {
    const story = storyOf(exemplar.question);
    const problem = arithmeticProblem(story);
    expect(exemplar.question).toBe(problem.question);
    expect(gradeAnswer(exemplar.answer, problem.answer, { type: 'number' })).toBe(true);
    expect(exemplar.steps).toHaveLength(story.steps.length);
    exemplar.steps.forEach((step, i) => {
      const upTo = arithmeticProblem({ ...story, steps: story.steps.slice(0, i + 1) });
      expect(gradeAnswer(lineAnswer(arithmetic, step.answer), upTo.answer, { type: 'number' })).toBe(true);
      for (const [, a, op, b, c] of step.answer.matchAll(/(\d+) ([-+*/]) (\d+) = (\d+)/g)) {
        const value = op === '+' ? Number(a) + Number(b) : op === '-' ? Number(a) - Number(b) : op === '*' ? Number(a) * Number(b) : Number(a) / Number(b);
        expect(value).toBe(Number(c));
      }
    });
  });

  it('reports bad set files field by field', () => {
    const broken = {
      ...letters,
      num_exemplars: 5,
      exemplars: [{ ...letters.exemplars[0], decomposition: '"Maya",\n"Maya Cole"' }],
      format: { ...letters.format, subquestion_template: 'no placeholder' },
    };
    const error = (() => {
      try {
        parseLeastToMostSet(broken, 'broken.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'format.subquestion_template: must contain {subproblem} (least-to-most set broken.json)',
      'num_exemplars: says 5 but the file has 1 exemplars (least-to-most set broken.json)',
      'exemplars.0.decomposition: contains the stop sequence "\\n" (least-to-most set broken.json)',
    ]);
  });

  it('names the known sets for an unknown id', async () => {
    await expect(loadLeastToMostSet('concord-l2m-leters')).rejects.toThrow(/did you mean "concord-l2m-letters"/);
  });
});

describe('least-to-most prompts', () => {
  const question = 'Take the last letters of the words in "Elon Musk" and concatenate them.';

  it('decomposition: Q/A per exemplar, then the question and an open "A:"', () => {
    const prompt = decompositionPrompt(letters, question);
    expect(prompt.startsWith('Q: Take the last letters of the words in "Maya Cole" and concatenate them.\nA: "Maya", "Maya Cole"\n\nQ: ')).toBe(true);
    expect(prompt.endsWith(`\n\nQ: ${question}\nA:`)).toBe(true);
    expect(prompt.split('\n\n')).toHaveLength(letters.exemplars.length + 1);
  });

  it('solution: the exemplars solved step by step, then the earlier sub-questions with their answers, then the next', () => {
    const solved = [{ question: 'Take the last letters of the words in "Elon" and concatenate them.', answer: 'The last letter of "Elon" is "n". The answer is n.' }];
    const prompt = solutionPrompt(letters, question, solved, question);
    const blocks = prompt.split('\n\n');
    expect(blocks).toHaveLength(letters.exemplars.length + 1);
    expect(blocks[0]).toBe(
      'Q: Take the last letters of the words in "Maya" and concatenate them.\nA: The last letter of "Maya" is "a". The answer is a.\n' +
        'Q: Take the last letters of the words in "Maya Cole" and concatenate them.\n' +
        'A: "Maya" outputs "a". The last letter of "Cole" is "e". Concatenating "a", "e" leads to "ae". The answer is ae.',
    );
    expect(blocks.at(-1)).toBe(`Q: ${solved[0]?.question ?? ''}\nA: ${solved[0]?.answer ?? ''}\nQ: ${question}\nA:`);
  });

  it('solution, arithmetic: each problem opens with its statement, without the question asked', () => {
    const story = 'Ann has 7 cups. She buys 2 more. She loses 3. How many cups does Ann have now?';
    const prompt = solutionPrompt(arithmetic, story, [], 'How many cups does Ann have after she buys 2 more?');
    expect(prompt.split('\n\n')[0]?.startsWith('Tina has 12 pencils. She buys 5 more. She gives 3 to Ben.\nQ: How many pencils does Tina have after she buys 5 more?\nA: ')).toBe(true);
    expect(prompt.endsWith('\n\nAnn has 7 cups. She buys 2 more. She loses 3.\nQ: How many cups does Ann have after she buys 2 more?\nA:')).toBe(true);
    expect(stepJoint(arithmetic, 'How many?')).toBe('\nQ: How many?\nA:');
  });

  it.each([
    ['Tom has 5 apples. He buys 3 more. How many apples does Tom have now?', 'Tom has 5 apples. He buys 3 more.', 'How many apples does Tom have now?'],
    ['What is six times seven?', '', 'What is six times seven?'],
    [question, '', question],
    ['It costs 2.5 dollars! Is that a lot?', 'It costs 2.5 dollars!', 'Is that a lot?'],
  ])('splits %j into statement and question', (text, context, asked) => {
    expect(splitQuestion(text)).toEqual({ context, asked });
  });
});

describe('least-to-most: reading a decomposition', () => {
  const lettersQuestion = 'Take the last letters of the words in "Elon Reeve Musk" and concatenate them.';
  const sub = (words: string): string => `Take the last letters of the words in "${words}" and concatenate them.`;
  const story = 'Ann has 7 cups. She buys 2 more. She loses 3. How many cups does Ann have now?';
  const asked = 'How many cups does Ann have now?';

  it.each([
    ['the exemplar form', ' "Elon", "Elon Reeve", "Elon Reeve Musk"', [sub('Elon'), sub('Elon Reeve'), lettersQuestion], true],
    ['typographic quotes, no commas', ' “Elon” “Elon Reeve”', [sub('Elon'), sub('Elon Reeve'), lettersQuestion], true],
    ['stray commas inside the quotes, trailing remarks', ' "Elon," "Elon Reeve ," and then we are done.', [sub('Elon'), sub('Elon Reeve'), lettersQuestion], true],
    ['repeats and empty strings', ' "Elon", "", "Elon", "Elon Reeve Musk"', [sub('Elon'), lettersQuestion], true],
    ['a cut-off last quote', ' "Elon", "Elon Reeve', [sub('Elon'), lettersQuestion], true],
    ['only the whole name', ' "Elon Reeve Musk"', [lettersQuestion], true],
    ['no quotes at all', ' The last letter of "', [lettersQuestion], false],
    ['nothing', '', [lettersQuestion], false, 0],
    ['strings not in the question are noise', ' The last letter of "Elon" is "n". "White", "Elon Reeve"', [sub('Elon'), sub('Elon Reeve'), lettersQuestion], true, 2],
    ['only noise', ' The answer is "nk".', [lettersQuestion], false, 1],
  ])('letters, %s', (_name, text, subquestions, parsed, ignored = 0) => {
    expect(parseDecomposition(letters, lettersQuestion, text, 8)).toEqual({ subquestions, parsed, dropped: 0, ignored });
  });

  it.each([
    ['the exemplar form', ` To solve "${asked}", we need to first solve: "How many cups does Ann have after she buys 2 more?".`, ['How many cups does Ann have after she buys 2 more?', asked], true],
    ['a garbled target is still the target', ' To solve "How many cups now?", we need to first solve: "A?", then "B?"', ['A?', 'B?', asked], true],
    ['no target', ' We need to first solve: "A?", then "B?"', ['A?', 'B?', asked], true],
    ['the target alone', ` To solve "${asked}", we need to first solve nothing.`, [asked], true],
    ['no quotes', ' To solve it, add.', [asked], false],
  ])('arithmetic, %s', (_name, text, subquestions, parsed) => {
    expect(parseDecomposition(arithmetic, story, text, 8)).toEqual({ subquestions, parsed, dropped: 0, ignored: 0 });
  });

  it('keeps at most maxSubquestions before the question', () => {
    const long = 'Take the last letters of the words in "Ada Bo Cy Di" and concatenate them.';
    const words = (w: string): string => `Take the last letters of the words in "${w}" and concatenate them.`;
    expect(parseDecomposition(letters, long, ' "Ada", "Ada Bo", "Ada Bo Cy"', 2)).toEqual({ subquestions: [words('Ada'), words('Ada Bo'), long], parsed: true, dropped: 1, ignored: 0 });
  });
});
