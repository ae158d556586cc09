import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { rejection, tempDataDir } from '../test-helpers.js';
import { commonsenseqa } from './commonsenseqa.js';
import { gsm8k } from './gsm8k.js';
import { arrayElementLines, lineAt } from './json-position.js';
import { multiarith } from './multiarith.js';
import { shuffledObjects } from './bigbench.js';
import { formatPath } from './records.js';

const good = (question: string, gold: string): string => JSON.stringify({ question, answer: `Work. #### ${gold}` });

describe('malformed records', () => {
  it('names the file and the 1-based line of a line that is not JSON, and of a missing or mistyped field', async () => {
    const text = [good('q1', '1'), '{"question": "q2", "answer": ', good('q3', '3'), JSON.stringify({ question: 'q4' }), JSON.stringify({ question: 5, answer: 'x #### 5' })].join('\n');
    const dir = await tempDataDir({ 'gsm8k/test.jsonl': text });
    const error = await rejection(gsm8k.load({ dataDir: dir }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain(`${dir}/gsm8k/test.jsonl line 2: not valid JSON`);
    expect(error.message).toMatch(/test\.jsonl line 4: answer: Invalid input: expected string, received undefined/);
    expect(error.message).toMatch(/test\.jsonl line 5: question: Invalid input: expected string, received number/);
    expect(error.message).toContain('set skipBadRecords (concord eval --skip-bad-records) to load the rest');
    expect((error as InvalidArgumentError).issues).toHaveLength(4);
  });

  it('loads the rest and lists the bad records with skipBadRecords', async () => {
    const text = [good('q1', '1'), 'nope', good('q3', '3,000'), JSON.stringify({ question: 'q4', answer: 'no hashes' }), ''].join('\n');
    const dir = await tempDataDir({ 'gsm8k/test.jsonl': text });
    const loaded = await gsm8k.load({ dataDir: dir, skipBadRecords: true });
    expect(loaded.items.map((i) => [i.id, i.answer])).toEqual([
      ['gsm8k/test.jsonl:1', '1'],
      ['gsm8k/test.jsonl:3', '3000'],
    ]);
    expect(loaded.skipped.map((b) => [b.line, b.message.split(':')[0]])).toEqual([
      [2, 'not valid JSON'],
      [4, 'answer'],
    ]);
    expect(loaded.skipped[1]?.message).toBe('answer: has no "####" before the gold number');
    expect(loaded.skipped[0]?.file).toBe(`${dir}/gsm8k/test.jsonl`);
  });

  it('gives the nested field path of a CommonsenseQA record', async () => {
    const record = { answerKey: 'A', id: 'x', question: { choices: [{ label: 'A', text: 'a' }, { label: 'B', text: 'b' }] } };
    const dir = await tempDataDir({ 'commonsenseqa/dev_rand_split.jsonl': `${JSON.stringify(record)}\n` });
    const error = await rejection(commonsenseqa.load({ dataDir: dir }));
    expect(error.message).toMatch(/dev_rand_split\.jsonl line 1: question\.stem: Invalid input: expected string, received undefined/);
  });

  it('reports a gold answer that is not an option', async () => {
    const record = { answerKey: 'F', id: 'x', question: { stem: 's', choices: [{ label: 'A', text: 'a' }, { label: 'B', text: 'b' }] } };
    const dir = await tempDataDir({ 'commonsenseqa/dev_rand_split.jsonl': JSON.stringify(record) });
    const loaded = await commonsenseqa.load({ dataDir: dir, skipBadRecords: true });
    expect(loaded.skipped).toEqual([{ file: `${dir}/commonsenseqa/dev_rand_split.jsonl`, line: 1, message: 'answerKey: gold answer "F" is not a valid choice answer' }]);
  });

  it('gives the line where a bad element of a pretty-printed JSON array starts, and its index', async () => {
    const records = [
      { iIndex: 0, lSolutions: [3.0], sQuestion: ' one ' },
      { iIndex: 1, lSolutions: [], sQuestion: 'two' },
      { iIndex: 2, lSolutions: [5.0], sQuestion: 'three' },
    ];
    const dir = await tempDataDir({ 'multiarith/multiarith.json': JSON.stringify(records, null, 4) });
    const loaded = await multiarith.load({ dataDir: dir, skipBadRecords: true });
    expect(loaded.items.map((i) => [i.id, i.question, i.answer])).toEqual([
      ['0', 'one', '3'],
      ['2', 'three', '5'],
    ]);
    expect(loaded.skipped).toHaveLength(1);
    expect(loaded.skipped[0]).toMatchObject({ line: 9 });
    expect(loaded.skipped[0]?.message).toMatch(/^\[1\]\.lSolutions: Too small/);
  });

  it('reports a repeated id', async () => {
    const records = [{ iIndex: 4, lSolutions: [3], sQuestion: 'a' }, { iIndex: 4, lSolutions: [3], sQuestion: 'b' }];
    const dir = await tempDataDir({ 'multiarith/multiarith.json': JSON.stringify(records) });
    const error = await rejection(multiarith.load({ dataDir: dir }));
    expect(error.message).toContain('[1]: id "4" repeats the one at line 1');
  });

  it('throws for a JSON file that does not parse, even when skipping, with the line', async () => {
    const dir = await tempDataDir({ 'bigbench-tracking-shuffled-objects-three/task.json': '{\n  "examples": [\n    {"input": "x",}\n  ]\n}' });
    const error = await rejection(shuffledObjects.load({ dataDir: dir, skipBadRecords: true }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toMatch(/task\.json line 3 is not valid JSON/);
  });

  it('names the BIG-bench examples path of a bad example', async () => {
    const task = { examples: [{ input: 'x', target_scores: { 'a.': 1, 'b.': 0 } }, { input: 'y', target_scores: { 'a.': 0, 'b.': 0 } }] };
    const dir = await tempDataDir({ 'bigbench-tracking-shuffled-objects-three/task.json': JSON.stringify(task, null, 2) });
    const loaded = await shuffledObjects.load({ dataDir: dir, skipBadRecords: true });
    expect(loaded.items).toHaveLength(1);
    expect(loaded.skipped[0]?.message).toBe('examples[1].target_scores: must score exactly one option 1, found 0');
  });

  it('a missing data file names the path and the option and variable that set the data dir', async () => {
    const dir = await tempDataDir({});
    const error = await rejection(gsm8k.load({ dataDir: dir }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain(`cannot read data file ${dir}/gsm8k/test.jsonl: no such file`);
    expect(error.message).toContain('dataDir option');
    expect(error.message).toContain('CONCORD_DATA_DIR');
  });

  it('accepts CRLF line ends, blank lines and a missing final newline; limit stops early', async () => {
    const dir = await tempDataDir({ 'gsm8k/test.jsonl': `${good('a', '1')}\r\n\r\n${good('b', '2')}\r\n${good('c', '3')}` });
    expect((await gsm8k.load({ dataDir: dir })).items.map((i) => i.id)).toEqual(['gsm8k/test.jsonl:1', 'gsm8k/test.jsonl:3', 'gsm8k/test.jsonl:4']);
    expect((await gsm8k.load({ dataDir: dir, limit: 2 })).items).toHaveLength(2);
    expect((await gsm8k.load({ dataDir: dir, limit: 0 })).items).toHaveLength(0);
  });

  it('rejects an unknown split with a suggestion, and a bad limit', async () => {
    const error = await rejection(gsm8k.load({ dataDir: '/nowhere', split: 'tset', limit: -1 }));
    expect(error.message).toContain('split: unknown split of gsm8k "tset"; did you mean "test"?');
    expect(error.message).toContain('limit: must be a whole number');
  });
});

describe('JSON positions', () => {
  it('finds the line each array element starts on, at the top level or under a key', () => {
    const text = '[\n  {"a": "[x, {y}]", "b": [1, 2]},\n  3,\n  "s\\"t",\n  null\n]';
    expect(arrayElementLines(text, [])).toEqual([2, 3, 4, 5]);
    const nested = '{"canary": "c", "examples": [\n {"input": "{"},\n {"input": "q"}], "other": [[1], [2]]}';
    expect(arrayElementLines(nested, ['examples'])).toEqual([2, 3]);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });

  it('formats record paths', () => {
    expect(formatPath(['examples', 3, 'target'])).toBe('examples[3].target');
    expect(formatPath([1, 'lSolutions'])).toBe('[1].lSolutions');
    expect(formatPath([])).toBe('');
  });
});
