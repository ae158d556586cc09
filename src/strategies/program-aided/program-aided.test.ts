import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStrategyConformance, type ConformanceTexts } from '../../../test/conformance/strategy-conformance.js';
import { bundledModelPath, openModel } from '../../backends/index.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import type { LanguageModel } from '../../spec/model.js';
import { loadExemplarSet, type ExemplarSet } from '../../prompts/index.js';
import { MockLanguageModel } from '../../test/index.js';
import { resolveStrategy } from '../registry.js';
import { answer } from '../strategy.js';
import { programAided } from './program-aided.js';
import type { ProgramAidedOptionsInput } from './program-aided-options.js';
import { programFromCompletion } from './program-text.js';

/** The mock writes program bodies: one returning 42, one with no answer (null). */
const PROGRAMS: ConformanceTexts = { answer: '  const result = 6 * 7;\n  return result;', abstain: '  return null;' };

describeStrategyConformance(programAided, () => ({}), 'greedy', PROGRAMS);
describeStrategyConformance(programAided, () => ({ paths: 4 }), 'paths 4', PROGRAMS);

const number = { type: 'number' } as const;
const question = { text: 'Janet has 16 eggs. She eats 3 and bakes with 4. She sells the rest for $2 each. How many dollars does she make?', answer: number };

async function invalid(options: ProgramAidedOptionsInput): Promise<string[]> {
  const error: unknown = await answer(programAided, new MockLanguageModel({ respond: PROGRAMS.answer }), question, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return (error as InvalidArgumentError).issues.map((issue) => issue.path.join('.'));
}

describe('program-aided', () => {
  it('is registered as program-aided, alias pal', () => {
    expect(resolveStrategy('pal')).toBe(programAided);
  });

  it('prompts with the PAL programs, greedy, one path, stopping at the end of solution()', async () => {
    const model = new MockLanguageModel({ respond: '  const eggs = 16 - 3 - 4;\n  const result = eggs * 2;\n  return result;' });
    const result = await answer(programAided, model, question);
    expect(model.calls).toHaveLength(1);
    const call = model.calls[0];
    expect(call).toMatchObject({ samples: 1, temperature: 0, topK: 0, topP: 1, maxTokens: 256, stop: ['\n}', '\n\nQ:'], seed: 0, logprobs: false });
    const prompt = String(call?.prompt);
    expect(prompt.startsWith('Q: There are 15 trees in the grove.')).toBe(true);
    expect(prompt.endsWith(`Q: ${question.text}\n\n# solution in JavaScript:\nfunction solution() {\n`)).toBe(true);
    expect(result).toMatchObject({ answer: '18', confidence: 1, votes: [{ answer: '18', count: 1, share: 1 }], warnings: [] });
    expect(result.paths[0]).toMatchObject({ index: 0, answer: '18', rule: 'program' });
    expect(result.settings).toMatchObject({
      strategy: 'program-aided',
      exemplars: 'concord-pal-arithmetic',
      paths: 1,
      samples: 1,
      sandbox: 'quickjs',
      timeoutMs: 1000,
      memoryBytes: 32 * 1024 * 1024,
      programOutcomes: { ok: 1 },
    });
  });

  it('with paths > 1, samples at 0.7 / top-k 40 and votes on the results; failed programs abstain with their error', async () => {
    const bodies = [
      '  return 18;',
      '  while (true) {}',
      '  throw new Error("no eggs left");',
      '  const result = 9 * 2.0;\n  return result;',
      '  return 17;',
      '  return "eighteen";',
      '  return 18 +;',
    ];
    const model = new MockLanguageModel({ respond: (_options, sample) => bodies[sample] ?? '' });
    const result = await answer(programAided, model, question, { paths: bodies.length, timeoutMs: 300 });
    expect(model.calls[0]).toMatchObject({ samples: 7, temperature: 0.7, topK: 40, topP: 1 });
    expect(result.answer).toBe('18');
    expect(result.votes).toEqual([
      { answer: '18', count: 2, share: 2 / 3 },
      { answer: '17', count: 1, share: 1 / 3 },
    ]);
    expect(result.paths.map((p) => [p.answer, p.rule])).toEqual([
      ['18', 'program'],
      [null, 'program-timeout'],
      [null, 'program-runtime'],
      ['18', 'program'],
      ['17', 'program'],
      [null, 'program-wrong-type'],
      [null, 'program-syntax'],
    ]);
    expect(result.warnings).toEqual([
      'path 1: program timeout: the program ran past its time limit of 300 ms',
      'path 2: program runtime: Error: no eggs left',
      'path 5: solution() returned "eighteen", which is no number answer',
      expect.stringMatching(/^path 6: program syntax: SyntaxError: /),
    ]);
    expect(result.settings).toMatchObject({ paths: 7, temperature: 0.7, topK: 40, programOutcomes: { ok: 4, timeout: 1, runtime: 1, syntax: 1 } });
  });

  it('reads a boolean as yes or no for a yes-no question', async () => {
    const model = new MockLanguageModel({ respond: '  return 7 > 3;' });
    const result = await answer(programAided, model, { text: 'Is 7 more than 3?', answer: { type: 'yes-no' } });
    expect(result.answer).toBe('yes');
    expect(result.warnings).toContain('exemplar set concord-pal-arithmetic shows number answers, but the question asks for a yes-no answer');
  });

  it('warns that temperature 0 gives one voter, and that a chain-of-thought set shows no programs', async () => {
    const model = new MockLanguageModel({ respond: PROGRAMS.answer });
    const result = await answer(programAided, model, question, { paths: 2, temperature: 0, exemplars: 'wei2022-math-annotator-a' });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'exemplar set wei2022-math-annotator-a shows no solution() programs; program-aided reasoning wants a set such as concord-pal-arithmetic',
        'temperature 0 samples the same path every time; the vote has one voter',
        // Its prompt ends with "A:", not inside a function: the body alone is no program.
        'path 0: program syntax: SyntaxError: return not in a function',
      ]),
    );
  });

  it('rejects bad options, every one at once', async () => {
    expect((await invalid({ paths: 0, timeoutMs: 0, memoryBytes: 2 ** 40, topP: 0 })).sort()).toEqual(['memoryBytes', 'paths', 'timeoutMs', 'topP']);
    expect(await invalid({ aggregation: 'weighted-mean' } as ProgramAidedOptionsInput)).toEqual(['aggregation']);
  });
});

describe('programFromCompletion', () => {
  const prefix = 'function solution() {\n';

  it('closes a body the stop ended', () => {
    expect(programFromCompletion(prefix, '  return 1;')).toBe('function solution() {\n  return 1;\n}');
  });

  it('cuts a body where the function ends when the backend ignored the stop', () => {
    expect(programFromCompletion(prefix, '  if (a) {\n    b();\n  }\n  return 1;\n}\n\n\nQ: next question')).toBe(
      'function solution() {\n  if (a) {\n    b();\n  }\n  return 1;\n}',
    );
  });

  it('takes a fenced block, or a whole function, as the program', () => {
    const whole = 'function solution() {\n  return 2;\n}';
    expect(programFromCompletion(prefix, `Here it is:\n\`\`\`javascript\n${whole}\n\`\`\`\nDone.`)).toBe(`${whole}\n`);
    expect(programFromCompletion(prefix, `\`\`\`js\n  return 3;\n\`\`\``)).toBe('function solution() {\n  return 3;\n\n}');
    expect(programFromCompletion(prefix, whole)).toBe(whole);
    // A variable named solution inside the body is still the body.
    expect(programFromCompletion(prefix, '  const solution = 4;\n  return solution;')).toBe('function solution() {\n  const solution = 4;\n  return solution;\n}');
  });
});

// Concord Mini was trained on arithmetic chains of thought, never on programs: it is not expected to write valid
// ones. This checks the pipeline end to end on a real model (prompt, llama.cpp, sandbox, vote), not accuracy.
// The 8-shot set is about 2,100 of its tokens (code is nearly one token per character), past its 768-token training
// context; two exemplars keep the prompt near 550.
describe.skipIf(bundledModelPath() === undefined)('program-aided on Concord Mini (model/concord-mini.gguf)', () => {
  let model: LanguageModel;
  let twoShot: ExemplarSet;
  beforeAll(async () => {
    model = await openModel({ sequences: 2, contextSize: 1024 });
    const set = await loadExemplarSet('concord-pal-arithmetic');
    twoShot = { ...set, id: 'concord-pal-arithmetic-2shot', num_exemplars: 2, exemplars: set.exemplars.slice(0, 2) };
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('runs what the model writes in the sandbox and records the outcome on every path', async () => {
    const item = { text: 'Keith starts with 14 apples. He finds 12 more. How many apples does Keith have now?', answer: number };
    const result = await answer(programAided, model, item, { paths: 2, maxTokens: 48, exemplars: twoShot });
    expect(result.paths).toHaveLength(2);
    for (const path of result.paths) {
      expect(path.tokens).toBeGreaterThan(0);
      expect(path.rule === null || path.rule.startsWith('program')).toBe(true);
      if (path.rule !== 'program' && path.rule !== null) expect(result.warnings.some((w) => w.startsWith(`path ${path.index}: `))).toBe(true);
    }
    const outcomes = result.settings['programOutcomes'] as Record<string, number>;
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
