import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExemplarSetId } from '../prompts/index.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { defaultDataDir, packageRoot, resolveDataDir, resolveTask, taskNames } from './registry.js';
import { rejection } from './test-helpers.js';

const PAPER_TASKS = [
  'gsm8k',
  'gsm-hard',
  'aqua',
  'multiarith',
  'strategyqa',
  'commonsenseqa',
  'arc-easy',
  'arc-challenge',
  'bigbench-date',
  'bigbench-date-choice',
  'bigbench-sports',
  'shuffled-objects',
];

describe('task registry', () => {
  it('lists the papers’ benchmarks, the 27 BBH tasks, MATH and the synthetic tasks, each once', () => {
    const names = taskNames();
    expect(names.slice(0, PAPER_TASKS.length)).toEqual(PAPER_TASKS);
    expect(names.filter((name) => name.startsWith('bbh/'))).toHaveLength(27);
    expect(names).toContain('bbh/boolean_expressions');
    expect(names.slice(-5)).toEqual(['math500', 'math', 'letters', 'coin-flip', 'arithmetic']);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(12 + 27 + 2 + 3);
  });

  it('resolves names, case-insensitively', () => {
    expect(resolveTask('gsm8k').name).toBe('gsm8k');
    expect(resolveTask('GSM8K').name).toBe('gsm8k');
    expect(resolveTask('bbh/word_sorting').answerType).toBe('text');
  });

  it('rejects an unknown name with a "did you mean"', () => {
    const error = ((): unknown => {
      try {
        return resolveTask('gsm8');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues[0]?.path).toEqual(['task']);
    expect((error as Error).message).toContain('unknown task "gsm8"; did you mean "gsm8k"?');
    expect(() => resolveTask('bbh/word_sortin')).toThrow('did you mean "bbh/word_sorting"?');
    expect(() => resolveTask('zzzzzzzz')).toThrow(/unknown task "zzzzzzzz"\. Known: gsm8k, gsm-hard/u);
  });

  it('gives every task splits, the papers’ defaults and a shipped exemplar id (or an in-memory set, or none)', () => {
    for (const name of taskNames()) {
      const task = resolveTask(name);
      expect(task.splits.length, name).toBeGreaterThan(0);
      expect(task.description.length, name).toBeGreaterThan(10);
      expect(task.defaults, name).toEqual({ temperature: 0.7, topK: 40, paths: 40, maxTokens: name.startsWith('math') ? 512 : 256 });
      if (name.startsWith('bbh/')) continue;
      if (typeof task.exemplars === 'string') expect(isExemplarSetId(task.exemplars), name).toBe(true);
      else expect(task.exemplars, name).toBeUndefined();
    }
    const zeroShot = taskNames().filter((name) => !name.startsWith('bbh/') && resolveTask(name).exemplars === undefined);
    expect(zeroShot).toEqual(['bigbench-date-choice', 'shuffled-objects', 'math500', 'math']);
  });
});

describe('resolveDataDir', () => {
  const env = { CONCORD_DATA_DIR: '/from/env' };

  it('takes the option first, then CONCORD_DATA_DIR, then ../shared/datasets beside the package', async () => {
    const fallback = await mkdtemp(path.join(tmpdir(), 'concord-data-'));
    expect(resolveDataDir('/from/option', env, fallback)).toBe('/from/option');
    expect(resolveDataDir('relative/dir', env, fallback)).toBe(path.resolve('relative/dir'));
    expect(resolveDataDir(undefined, env, fallback)).toBe('/from/env');
    expect(resolveDataDir('  ', { CONCORD_DATA_DIR: ' ' }, fallback)).toBe(fallback);
    expect(resolveDataDir(undefined, {}, fallback)).toBe(fallback);
  });

  it('defaults to the shared data beside the package (this checkout has it)', () => {
    expect(defaultDataDir).toBe(path.resolve(packageRoot, '../shared/datasets'));
    expect(resolveDataDir(undefined, {})).toBe(defaultDataDir);
  });

  it('says how to set it when there is none', () => {
    expect(() => resolveDataDir(undefined, {}, '/no/such/folder')).toThrow(InvalidArgumentError);
    expect(() => resolveDataDir(undefined, {}, '/no/such/folder')).toThrow(/pass the dataDir option .* or set CONCORD_DATA_DIR .*\/no\/such\/folder does not exist/u);
  });

  it('a task loaded from a wrong data dir names the file and the variable', async () => {
    const error = await rejection(resolveTask('strategyqa').load({ dataDir: resolveDataDir(undefined, env) }));
    expect(error.message).toContain('cannot read data file /from/env/strategyqa/test.jsonl: no such file');
    expect(error.message).toContain('CONCORD_DATA_DIR');
  });
});
