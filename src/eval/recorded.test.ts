import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../spec/errors/index.js';
import type { ReasoningPath } from '../spec/result.js';
import { answerSpecOf, formatRecorded, parseRecorded, readRecorded, recordFromResult, writeRecorded, type RecordedQuestion } from './recorded.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as InvalidArgumentError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  throw new Error('did not throw');
}

describe('parseRecorded', () => {
  it('reads one question per line, samples as strings or objects, skipping blank lines', () => {
    const text = [
      '{"id":"q1","question":"2+2?","answer":"4","answerType":"number","samples":["The answer is 4.",{"text":"It is 5.","logprob":-3.5,"tokens":4}]}',
      '',
      '{"id":"q2","answer":42,"answerType":"choice","choices":["x","y","z"],"samples":["(b)"]}',
    ].join('\n');
    expect(parseRecorded(text, 'runs.jsonl')).toEqual([
      {
        id: 'q1',
        question: '2+2?',
        answer: '4',
        answerType: 'number',
        samples: [{ text: 'The answer is 4.' }, { text: 'It is 5.', logprob: -3.5, tokens: 4 }],
      },
      { id: 'q2', answer: '42', answerType: 'choice', choices: ['x', 'y', 'z'], samples: [{ text: '(b)' }] },
    ]);
  });

  it('names the file, the 1-based line and the field of every bad line at once', () => {
    const text = [
      '{"id":"q1","answer":"4","answerType":"number","samples":["ok"]}',
      '{"id":"q2","answer":"4","answerType":"numeric","samples":[{"txt":"x"}]}',
      'not json',
      '{"id":"q1","answer":"4","answerType":"number","samples":["again"]}',
      '{"id":"q3","answer":"4","answerType":"number","samples":[]}',
      '{"id":"q4","answer":"4","answerType":"number","samples":[{"text":"x","logprob":2}],"anwser":"4"}',
    ].join('\n');
    const issues = issuesOf(() => parseRecorded(text, 'runs.jsonl'));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^runs\.jsonl:2\.answerType: /),
        expect.stringMatching(/^runs\.jsonl:2\.samples\.0/),
        expect.stringMatching(/^runs\.jsonl:3: not valid JSON/),
        'runs.jsonl:4.id: repeats id "q1" of line 1',
        'runs.jsonl:5.samples: must hold at least one sample',
        expect.stringMatching(/^runs\.jsonl:6\.samples\.0\.logprob: must be a finite log-probability ≤ 0/),
        expect.stringMatching(/^runs\.jsonl:6: .*anwser/),
      ]),
    );
    expect(issues.some((i) => i.startsWith('runs.jsonl:1'))).toBe(false);
  });
});

describe('writing and reading', () => {
  it('round-trips through a file, writing text-only samples as strings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'concord-recorded-'));
    dirs.push(dir);
    const records: RecordedQuestion[] = [
      { id: 'a', question: 'Q?', answer: 'yes', answerType: 'yes-no', samples: [{ text: 'Yes.' }, { text: 'No.', logprob: -1, tokens: 2 }] },
    ];
    const file = path.join(dir, 'r.jsonl');
    await writeRecorded(file, records);
    expect(formatRecorded(records)).toBe(
      '{"id":"a","question":"Q?","answer":"yes","answerType":"yes-no","samples":["Yes.",{"text":"No.","logprob":-1,"tokens":2}]}\n',
    );
    expect(await readRecorded(file)).toEqual(records);
  });
});

describe('answerSpecOf', () => {
  it('gives choice letters for the number of choices, A–E by default, and honours an override', () => {
    expect(answerSpecOf({ answerType: 'choice', choices: ['p', 'q', 'r'] })).toEqual({ type: 'choice', letters: ['A', 'B', 'C'] });
    expect(answerSpecOf({ answerType: 'choice' })).toEqual({ type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] });
    expect(answerSpecOf({ answerType: 'choice' }, 'text')).toEqual({ type: 'text' });
    expect(answerSpecOf({ answerType: 'math' })).toEqual({ type: 'math' });
  });
});

describe('recordFromResult', () => {
  it('records every path in index order with its tokens and log-probability', () => {
    const path = (index: number, text: string, logprob?: number): ReasoningPath => ({
      index,
      text,
      answer: null,
      rule: null,
      tokens: 3,
      ...(logprob === undefined ? {} : { logprob }),
      finishReason: { unified: 'stop', raw: undefined },
    });
    const record = recordFromResult(
      { id: 'q', question: 'Pick', gold: 'B', spec: { type: 'choice', letters: ['A', 'B', 'C'] } },
      { paths: [path(1, 'second', -2), path(0, 'first')] },
    );
    expect(record).toEqual({
      id: 'q',
      question: 'Pick',
      answer: 'B',
      answerType: 'choice',
      choices: ['A', 'B', 'C'],
      samples: [{ text: 'first', tokens: 3 }, { text: 'second', tokens: 3, logprob: -2 }],
    });
  });
});
