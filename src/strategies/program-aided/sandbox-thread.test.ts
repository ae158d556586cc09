import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { runProgram } from './sandbox.js';
import { runProgramOffThread } from './sandbox-thread.js';

const solution = (body: string): string => `function solution() {\n${body}\n}`;

describe('runProgramOffThread', () => {
  it('answers as the in-thread sandbox does, values, output and errors alike', async () => {
    const programs = [
      solution('  return 16 - 3 - 4;'),
      solution('  console.log("eggs", 9);\n  return "B";'),
      solution('  return 2n ** 70n;'),
      'function solution() {\n  return 6 *;\n}',
      solution('  throw new RangeError("too many eggs");'),
      'const x = 1;',
      solution('  return {};'),
    ];
    for (const program of programs) expect(await runProgramOffThread(program)).toEqual(await runProgram(program));
  });

  it('keeps the event loop free while a program spins until its time limit', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const outcome = await runProgramOffThread('function solution() { while (true) {} }', { timeoutMs: 600 });
    clearInterval(ticker);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    // In-thread, the interval could not fire once until the program ended.
    expect(ticks).toBeGreaterThan((performance.now() - started) / 10 / 4);
  });

  it('runs programs one after another when they come together, each with its own answer', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => runProgramOffThread(solution(`  return ${i} * 7;`))));
    expect(outcomes).toEqual(Array.from({ length: 6 }, (_, i) => ({ ok: true, value: i * 7 })));
  });

  it('terminates a worker held past the time limit and its grace, and the next program gets a fresh worker', async () => {
    // A grace below zero stands in for a program QuickJS cannot interrupt: the hard deadline comes first.
    const held = runProgramOffThread('function solution() { while (true) {} }', { timeoutMs: 5_000 }, -4_800);
    const next = runProgramOffThread(solution('  return 42;'));
    expect(await held).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringMatching(/worker was terminated/) } });
    expect(await next).toEqual({ ok: true, value: 42 });
  });

  it('rejects bad limits with the limit named', async () => {
    await expect(runProgramOffThread(solution('  return 1;'), { timeoutMs: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(runProgramOffThread(solution('  return 1;'), { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
  });
});
