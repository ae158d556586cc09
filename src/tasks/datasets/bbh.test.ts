import { describe, expect, it } from 'vitest';
import { buildFewShotPrompt, exemplarAnswerType, type ExemplarSet } from '../../prompts/index.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import type { Task, TaskItem } from '../task.js';
import { countBy, dataDir, loadReal, rejection, tempDataDir } from '../test-helpers.js';
import { BBH_TASKS, bbhTasks, inputLetters, type BbhTaskName } from './bbh.js';
import { parseBbhPrompt } from './bbh-prompt.js';

const byName = (name: BbhTaskName): Task => {
  const task = bbhTasks.find((t) => t.name === `bbh/${name}`);
  if (task === undefined) throw new Error(`no task bbh/${name}`);
  return task;
};
const items = async (name: BbhTaskName): Promise<readonly TaskItem[]> => (await loadReal(byName(name))).items;

describe('bbh', () => {
  it('has 27 tasks with 6511 examples: 250 each, causal_judgement 187, penguins_in_a_table 146, snarks 178', async () => {
    expect(bbhTasks).toHaveLength(27);
    const counts: Record<string, number> = {};
    for (const task of bbhTasks) counts[task.name] = (await loadReal(task)).items.length;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(6511);
    expect(counts).toMatchObject({ 'bbh/causal_judgement': 187, 'bbh/penguins_in_a_table': 146, 'bbh/snarks': 178, 'bbh/word_sorting': 250 });
    expect(Object.values(counts).filter((n) => n === 250)).toHaveLength(24);
  });

  it('gives each task the answer type of its target format', async () => {
    expect(countBy(Object.values(BBH_TASKS), (type) => type)).toEqual({ choice: 17, 'yes-no': 4, text: 4, number: 2 });
    expect(countBy(await items('boolean_expressions'), (i) => `${i.answerSpec.type}:${i.answer}`)).toEqual({ 'text:true': expect.any(Number) as unknown, 'text:false': expect.any(Number) as unknown });
    expect(new Set((await items('formal_fallacies')).map((i) => i.answer))).toEqual(new Set(['valid', 'invalid']));
    expect(new Set((await items('web_of_lies')).map((i) => `${i.answerSpec.type}:${i.answer}`))).toEqual(new Set(['yes-no:yes', 'yes-no:no']));
    expect(new Set((await items('sports_understanding')).map((i) => i.answer))).toEqual(new Set(['yes', 'no']));
    const dyck = await items('dyck_languages');
    expect(dyck[0]).toMatchObject({ answer: '] ]', answerSpec: { type: 'text' } });
    expect((await items('word_sorting'))[0]).toMatchObject({ answer: 'syndrome therefrom', answerSpec: { type: 'text' } });
    const arithmetic = await items('multistep_arithmetic_two');
    expect(arithmetic.slice(0, 3).map((i) => i.answer)).toEqual(['24', '63', '-50']);
    expect(arithmetic.every((i) => i.answerSpec.type === 'number')).toBe(true);
    expect((await items('object_counting'))[0]).toMatchObject({ answer: '8', answerSpec: { type: 'number' } });
  });

  it("letters each choice item from its input's options (2 to 18 of them)", async () => {
    const shapes = await items('geometric_shapes');
    expect(shapes[0]).toMatchObject({ id: 'bbh/bbh/geometric_shapes.json[0]', answerSpec: { type: 'choice', letters: 'ABCDEFGHIJ'.split('') } });
    expect(shapes[0]?.question).toMatch(/^This SVG path element <path d="M 55\.57,80\.69 .*\nOptions:\n\(A\) circle\n/su);
    const sizes = (list: readonly TaskItem[]): Record<string, number> => countBy(list, (i) => String(i.answerSpec.type === 'choice' ? i.answerSpec.letters.length : 0));
    expect(sizes(await items('reasoning_about_colored_objects'))).toEqual({ 2: 27, 7: 48, 17: 57, 18: 118 });
    expect(sizes(await items('hyperbaton'))).toEqual({ 2: 250 });
    // One snarks input is cut off after its first option.
    expect(sizes(await items('snarks'))).toEqual({ 1: 1, 2: 177 });
    expect(inputLetters('Q\nOptions:\n(A) x\n(B) y')).toEqual(['A', 'B']);
    expect(() => inputLetters('Options:\n(A) x\n(C) y')).toThrow('expected A, B, C');
  });

  it('grades the three golds that are not letters as exact text (options split at commas)', async () => {
    const movies = await items('movie_recommendation');
    expect(movies[163]).toMatchObject({ id: 'bbh/bbh/movie_recommendation.json[163]', answer: 'monsters, inc', answerSpec: { type: 'text' } });
    expect(movies.filter((i) => i.answerSpec.type === 'text')).toHaveLength(1);
    const ruin = await items('ruin_names');
    expect([ruin[99]?.answer, ruin[144]?.answer]).toEqual(['dearth, wind, & fire', 'rita, sue and bob poo']);
    expect(ruin.filter((i) => i.answerSpec.type === 'text')).toHaveLength(2);
  });

  it('parses each cot-prompts file into a 3-shot set without the canary, answers after "So the answer is"', async () => {
    for (const task of bbhTasks) {
      const loaded = await loadReal(task);
      const set = loaded.exemplars as ExemplarSet;
      expect(set.exemplars).toHaveLength(3);
      expect(exemplarAnswerType(set)).toBe(task.answerType);
      for (const exemplar of set.exemplars) {
        expect(exemplar.question).not.toMatch(/canary|-----/u);
        expect(exemplar.full_answer_text).toMatch(/^Let's think step by step\.\s/u);
        expect(exemplar.full_answer_text).toBe(`${exemplar.rationale ?? ''} So the answer is ${exemplar.answer}.`);
      }
    }
    const boolean = (await loadReal(byName('boolean_expressions'))).exemplars as ExemplarSet;
    expect(boolean).toMatchObject({ id: 'bbh-boolean_expressions', instruction: 'Evaluate the result of a random Boolean expression.' });
    expect(boolean.exemplars[0]).toMatchObject({ question: 'not ( ( not not True ) ) is', answer: 'False' });
    const shapes = (await loadReal(byName('geometric_shapes'))).exemplars as ExemplarSet;
    expect(shapes.exemplars.map((e) => e.answer)).toEqual(['(F)', '(G)', '(D)']);
    const dyck = (await loadReal(byName('dyck_languages'))).exemplars as ExemplarSet;
    expect(dyck.exemplars[0]?.answer).toBe('] } ]');
  });

  it('builds the BBH prompt: Q:/A: exemplars, then the test question and "A:"', async () => {
    const task = byName('web_of_lies');
    const loaded = await loadReal(task);
    const set = loaded.exemplars as ExemplarSet;
    const question = loaded.items[0]?.question ?? '';
    const prompt = buildFewShotPrompt(set, question);
    expect(prompt.startsWith(`Q: ${set.exemplars[0]?.question ?? ''}\nA: Let's think step by step.\n`)).toBe(true);
    expect(prompt.endsWith(`Jamey lies. So the answer is No.\n\nQ: ${question}\nA:`)).toBe(true);
    // Task.exemplars reads the same file from the default data dir.
    expect(task.exemplars).toEqual(set);
  });

  it('a missing prompt file names its path', async () => {
    const dir = await tempDataDir({ 'bbh/bbh/navigate.json': JSON.stringify({ canary: 'c', examples: [{ input: 'q', target: 'Yes' }] }) });
    const error = await rejection(byName('navigate').load({ dataDir: dir }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain(`${dir}/bbh/cot-prompts/navigate.txt: no such file`);
    expect(dataDir).not.toBe(dir);
  });
});

describe('parseBbhPrompt', () => {
  const text = 'CANARY canary GUID x\n-----\nDo a thing.\n\nQ: one?\n(A) a\nA: Let\'s think step by step.\nBecause. So the answer is (A).\n\nQ: two?\nA: Let\'s think step by step.\nSo the answer is 12.';

  it('drops the canary and "-----" lines and keeps the description as instruction', () => {
    const set = parseBbhPrompt(text, 'demo', 'choice', 'demo.txt');
    expect(set.instruction).toBe('Do a thing.');
    expect(set.exemplars).toEqual([
      { question: 'one?\n(A) a', full_answer_text: "Let's think step by step.\nBecause. So the answer is (A).", rationale: "Let's think step by step.\nBecause.", answer: '(A)' },
      { question: 'two?', full_answer_text: "Let's think step by step.\nSo the answer is 12.", rationale: "Let's think step by step.", answer: '12' },
    ]);
    expect(set.format).toMatchObject({ test_prompt_suffix: 'Q: {question}\nA:', answer_phrase: 'So the answer is', separator: '\n\n' });
    expect(parseBbhPrompt(text.split('\n').slice(2).join('\n'), 'demo', 'choice', 'demo.txt').exemplars).toEqual(set.exemplars);
  });

  it('names the file of a prompt it cannot read', () => {
    expect(() => parseBbhPrompt('canary\nDo.\n\nQ: x\nA: y', 'demo', 'text', 'p.txt')).toThrow('BBH prompt p.txt: line 2 should be');
    expect(() => parseBbhPrompt('Do.\n\nQ: x\nA: no phrase', 'demo', 'text', 'p.txt')).toThrow('exemplar 1 does not end with "So the answer is');
    expect(() => parseBbhPrompt('Just text', 'demo', 'text', 'p.txt')).toThrow('has no "Q: " exemplar');
  });
});
