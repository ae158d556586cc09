import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { exemplarAnswerType } from './answer-type.js';
import { promptsDataDir } from './data-dir.js';
import { fillTemplate } from './template.js';
import {
  defaultExemplarSets,
  exemplarSetFile,
  exemplarSetFiles,
  exemplarSetIds,
  loadExemplarSet,
} from './registry.js';

async function thrown(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('shipped exemplar sets', () => {
  it.each(exemplarSetIds)('%s parses and carries its registry id', async (id) => {
    const set = await loadExemplarSet(id);
    expect(set.id).toBe(id);
    expect(set.exemplars.length).toBe(set.num_exemplars);
  });

  it.each(exemplarSetIds)('%s: every full_answer_text is rationale + " " + the filled answer template', async (id) => {
    const set = await loadExemplarSet(id);
    for (const exemplar of set.exemplars) {
      const tail = fillTemplate(set.format.answer_template, { answer: exemplar.answer });
      expect(exemplar.full_answer_text).toBe(`${exemplar.rationale ?? ''} ${tail}`);
      expect(exemplar.full_answer_text).toContain(set.format.answer_phrase);
    }
  });

  it('lists every exemplar file under data/prompts', async () => {
    const files: string[] = [];
    for (const folder of await readdir(promptsDataDir, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const file of await readdir(path.join(promptsDataDir, folder.name))) files.push(`${folder.name}/${file}`);
    }
    expect(files.sort()).toEqual(Object.values(exemplarSetFiles).sort());
  });

  it('finds the data folder relative to the module', () => {
    expect(exemplarSetFile('wei2022-math-annotator-a')).toBe(path.join(promptsDataDir, 'cot-wei2022', 'gsm8k-8shot.json'));
    expect(path.basename(path.dirname(promptsDataDir))).toBe('data');
  });

  it('has a default per answer type whose exemplars fit it', async () => {
    expect(defaultExemplarSets).toEqual({
      number: 'wei2022-math-annotator-a',
      choice: 'wei2022-csqa',
      'yes-no': 'wei2022-strategyqa',
      text: 'wei2022-last-letter-concatenation',
      math: 'wei2022-math-annotator-a',
    });
    for (const [type, id] of Object.entries(defaultExemplarSets)) {
      // No LaTeX exemplar set ships: math questions borrow the GSM8K set, whose answers are numbers.
      expect(exemplarAnswerType(await loadExemplarSet(id))).toBe(type === 'math' ? 'number' : type);
    }
  });
});

describe('exemplarAnswerType', () => {
  it.each([
    ['wei2022-math-annotator-a', 'number'],
    ['wei2022-math-annotator-b', 'number'],
    ['wei2022-math-annotator-c', 'number'],
    ['wang2022-sc-math', 'number'],
    ['wei2022-aqua', 'choice'],
    ['wei2022-csqa', 'choice'],
    ['wang2022-sc-aqua', 'choice'],
    ['wang2022-sc-arc', 'choice'],
    ['wei2022-strategyqa', 'yes-no'],
    ['wei2022-coin-flip', 'yes-no'],
    ['wei2022-sports-understanding', 'yes-no'],
    ['wei2022-last-letter-concatenation', 'text'],
    ['wei2022-date-understanding', 'text'],
  ])('%s → %s', async (id, type) => {
    expect(exemplarAnswerType(await loadExemplarSet(id))).toBe(type);
  });

  it('falls back to the answers when the label names no type', async () => {
    const set = await loadExemplarSet('wei2022-coin-flip');
    expect(exemplarAnswerType({ ...set, format: { ...set.format, answer_type: 'whatever' } })).toBe('yes-no');
    const math = await loadExemplarSet('wei2022-math-annotator-a');
    expect(exemplarAnswerType({ ...math, format: { ...math.format, answer_type: 'integers, maybe' } })).toBe('number');
  });
});

describe('loadExemplarSet errors', () => {
  it('rejects an unknown id with a suggestion, at the given path', async () => {
    const error = await thrown(loadExemplarSet('wei2022-csq', { issuePath: ['exemplars'] }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toEqual(['exemplars']);
    expect(error.message).toContain('did you mean "wei2022-csqa"?');
  });

  it('reports every bad field of a user file at once, naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-prompts-'));
    const file = path.join(dir, 'broken.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'mine',
        format: {
          question_prefix: 'Q: ',
          answer_prefix: 'A: ',
          question_answer_separator: '\n',
          separator: '\n\n',
          test_prompt_suffix: 'Q: ?\nA:',
          stop: 'Q:',
          answer_template: 'The answer is {answer}.',
          answer_type: 'number',
        },
        exemplars: [{ question: 3, answer: '1', full_answer_text: 'The answer is 1.' }],
      }),
    );
    const error = await thrown(loadExemplarSet(file));
    const paths = error.issues.map((issue) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['exemplars.0.question', 'format.answer_phrase', 'format.stop', 'format.test_prompt_suffix']);
    for (const issue of error.issues) expect(issue.message).toContain(file);
  });

  it('checks num_exemplars against the exemplars', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-prompts-'));
    const file = path.join(dir, 'count.json');
    const set = await loadExemplarSet('wei2022-aqua');
    await writeFile(file, JSON.stringify({ ...set, num_exemplars: 9 }));
    const error = await thrown(loadExemplarSet(file));
    expect(error.issues.map((issue) => issue.path)).toEqual([['num_exemplars']]);
  });

  it('loads a valid user file by path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-prompts-'));
    const file = path.join(dir, 'mine.json');
    const set = await loadExemplarSet('wei2022-aqua');
    await writeFile(file, JSON.stringify({ ...set, id: 'my-aqua' }));
    expect((await loadExemplarSet(file)).id).toBe('my-aqua');
  });

  it('names a missing file and a file that is not JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-prompts-'));
    const missing = await thrown(loadExemplarSet(path.join(dir, 'nope.json'), { issuePath: ['exemplars'] }));
    expect(missing.message).toContain('nope.json: no such file');
    expect(missing.issues[0]?.path).toEqual(['exemplars']);
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{ not json');
    expect((await thrown(loadExemplarSet(file))).message).toContain('bad.json is not valid JSON');
  });
});
