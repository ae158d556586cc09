// The sandbox on the real QuickJS WebAssembly engine, no mocks: answers, every failure kind, the escape attempts
// people try, and the host's health afterwards (the next program runs, memory stays bounded, no handle leaks).
import { DEBUG_SYNC, newQuickJSWASMModule, TestQuickJSWASMModule, type QuickJSRuntime, type RuntimeOptions } from 'quickjs-emscripten';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import { resolveLimits, runProgram, runProgramIn, type ProgramErrorKind, type ProgramOutcome } from './sandbox.js';

const solution = (body: string): string => `function solution() {\n${body}\n}`;

function expectError(outcome: ProgramOutcome, kind: ProgramErrorKind, message?: RegExp): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error.kind).toBe(kind);
  if (message !== undefined) expect(outcome.error.message).toMatch(message);
}

describe('runProgram answers', () => {
  it('returns what solution() returns: numbers, strings, booleans, null, big integers', async () => {
    expect(await runProgram(solution('  const apples = 16 - 3 - 4;\n  return apples * 2;'))).toEqual({ ok: true, value: 18 });
    expect(await runProgram(solution('  return 0.5 + 0.25;'))).toEqual({ ok: true, value: 0.75 });
    expect(await runProgram(solution('  return "B";'))).toEqual({ ok: true, value: 'B' });
    expect(await runProgram(solution('  return 3 > 2;'))).toEqual({ ok: true, value: true });
    expect(await runProgram(solution('  return null;'))).toEqual({ ok: true, value: null });
    expect(await runProgram(solution('  return 2n ** 70n;'))).toEqual({ ok: true, value: '1180591620717411303424' });
  });

  it('takes a solution declared as a const arrow function, and built-ins such as Math and Date', async () => {
    expect(await runProgram('const solution = () => Math.max(...[3, 9, 4]);')).toEqual({ ok: true, value: 9 });
    expect(await runProgram(solution('  return new Date(Date.UTC(2020, 1, 29)).getUTCDate();'))).toEqual({ ok: true, value: 29 });
  });

  it('records console.log output as text', async () => {
    const outcome = await runProgram(solution('  console.log("total", 4, true, null, [1], undefined);\n  return 4;'));
    expect(outcome).toEqual({ ok: true, value: 4, stdout: ['total 4 true null [object] undefined'] });
  });

  it('rejects values that are no answer: objects, functions, undefined, NaN, Infinity, huge strings, promises', async () => {
    for (const body of ['return {};', 'return [1];', 'return () => 1;', 'return;', 'return NaN;', 'return 1 / 0;', 'return "x".repeat(20000);']) {
      expectError(await runProgram(solution(body)), 'bad-return', /solution\(\) returned/);
    }
    expectError(await runProgram('async function solution() { return 1; }'), 'bad-return', /object/);
  });
});

describe('runProgram failures', () => {
  it('a syntax error', async () => {
    expectError(await runProgram('function solution() {\n  return 6 *;\n}'), 'syntax', /^SyntaxError: /);
    expectError(await runProgram('import fs from "fs";\nfunction solution() { return 1; }'), 'syntax');
    expectError(await runProgram('export function solution() { return 1; }'), 'syntax');
  });

  it('a thrown error, with its message; thrown non-errors too', async () => {
    expectError(await runProgram(solution('  throw new RangeError("too many eggs");')), 'runtime', /^RangeError: too many eggs$/);
    expectError(await runProgram(solution('  return undefinedName + 1;')), 'runtime', /ReferenceError: 'undefinedName' is not defined/);
    expectError(await runProgram(solution('  throw "plain";')), 'runtime', /^plain$/);
    expectError(await runProgram(solution('  throw null;')), 'runtime', /threw null/);
  });

  it('no solution defined, or not a function', async () => {
    expectError(await runProgram('const answer = 42;'), 'no-solution', /defines no solution\(\)/);
    expectError(await runProgram('var solution = 42;'), 'no-solution', /number, not a function/);
  });

  it('an infinite loop times out at the limit and the next program still runs', async () => {
    const started = performance.now();
    const outcome = await runProgram(solution('  while (true) {}'));
    const elapsed = performance.now() - started;
    expectError(outcome, 'timeout', /1000 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(2000);
    expect(await runProgram(solution('  return 1;'))).toEqual({ ok: true, value: 1 });
  });

  it('loops the program cannot catch its way out of, at load time too, and in a thrown getter', async () => {
    const limits = { timeoutMs: 100 };
    for (const source of [
      solution('  while (true) { try { for (;;) {} } catch (e) {} }'),
      solution('  try { while (true) {} } finally { while (true) {} }'),
      solution('  return /(a+)+$/.test("a".repeat(40) + "b");'),
      'for (;;) {}',
      solution('  throw { get message() { for (;;) {} } };'),
    ]) {
      expectError(await runProgram(source, limits), 'timeout');
    }
  });

  it('huge allocations hit the memory limit', async () => {
    expectError(await runProgram(solution('  return new Array(1e9).fill(0).length;')), 'memory', /out of memory/);
    expectError(await runProgram(solution('  let s = "x";\n  while (true) s += s;')), 'memory');
    expectError(await runProgram(solution('  return "x".repeat(1e9).length;')), 'memory');
    const small = { memoryBytes: 4 * 1024 * 1024 };
    expectError(await runProgram(solution('  const a = [];\n  for (;;) a.push({ i: a.length });'), small), 'memory');
  });

  it('deep recursion hits the stack limit, through functions, proxies and the host stack alike', async () => {
    expectError(await runProgram(solution('  function f() { return f(); }\n  return f();')), 'stack', /stack overflow/);
    expectError(await runProgram(solution('  const p = new Proxy({}, { get: (t, k, r) => r[k] });\n  return p.x;')), 'stack');
    // JSON.parse recurses on the host's stack faster than QuickJS counts: the engine fails, and is replaced.
    expectError(await runProgram(solution('  return JSON.parse("[".repeat(1e6));')), 'stack');
    expect(await runProgram(solution('  return 2;'))).toEqual({ ok: true, value: 2 });
  });

  it('checks its limits', async () => {
    await expect(runProgram('1', { timeoutMs: 0, memoryBytes: 10, stackBytes: 1e9 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runProgram('1', { timeoutMs: 1.5 })).rejects.toThrow(/timeoutMs: must be a whole number/);
  });
});

describe('runProgram has no host objects', () => {
  const reach = (expression: string): string => solution(`  return ${expression};`);

  it.each([
    ['process', reach('process.pid')],
    ['require', reach('require("fs")')],
    ['globalThis.process', reach('globalThis.process.env')],
    ['this.constructor.constructor', reach('this.constructor.constructor("return process")()')],
    ['Function("return this")', reach('Function("return this")().process.exit(1)')],
    ['console.log.constructor', reach('console.log.constructor("return process")()')],
    ['eval', reach('eval("process")')],
    ['fetch', reach('fetch("http://127.0.0.1/")')],
    ['setTimeout', reach('setTimeout(() => 1, 0)')],
    ['module', reach('module.exports')],
    ['Buffer', reach('Buffer.from("x")')],
    ['WebAssembly', reach('WebAssembly.compile')],
  ])('%s fails with a recorded error', async (_name, source) => {
    const outcome = await runProgram(source);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(['runtime', 'bad-return']).toContain(outcome.error.kind);
  });

  it('sees none of the host globals, and import() has no loader', async () => {
    const names = ['process', 'require', 'module', 'exports', 'Buffer', 'fetch', 'setTimeout', 'setInterval', 'WebAssembly', 'std', 'os', 'Deno', 'Bun'];
    const typeofs = await runProgram(reach(`[${names.map((n) => `typeof ${n}`).join(', ')}].join()`));
    expect(typeofs).toEqual({ ok: true, value: names.map(() => 'undefined').join() });
    const globals = await runProgram(reach('Object.getOwnPropertyNames(Function("return this")()).join()'));
    expect(globals.ok && typeof globals.value === 'string' ? globals.value.split(',') : []).not.toEqual(expect.arrayContaining(['process']));
    expectError(await runProgram(reach('import("fs")')), 'bad-return');
  });

  it('shares nothing between programs, nor with the host', async () => {
    await runProgram('Object.prototype.polluted = 1; globalThis.leftover = 2; function solution() { return 0; }');
    expect(await runProgram(reach('[({}).polluted, typeof leftover].join()'))).toEqual({ ok: true, value: ',undefined' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('the host stays healthy', () => {
  it('200 programs, failing ones among them, leave memory bounded', async () => {
    // Only the endless loop gets a short time limit: on a busy machine a quick program must not time out.
    const memoryBytes = 8 * 1024 * 1024;
    const programs: readonly (readonly [string, number])[] = [
      [solution('  return 6 * 7;'), 5000],
      ['function solution( {', 5000],
      [solution('  throw new Error("x");'), 5000],
      [solution('  let s = "ab";\n  for (;;) s = s.repeat(2);'), 5000],
      [solution('  function f(n) { return f(n + 1) + 1; }\n  return f(0);'), 5000],
      [solution('  for (;;) {}'), 20],
      ['const x = 1;', 5000],
      [solution('  return {};'), 5000],
    ];
    const run = ([source, timeoutMs]: readonly [string, number]): Promise<ProgramOutcome> => runProgram(source, { timeoutMs, memoryBytes });
    for (const program of programs) await run(program);
    const before = process.memoryUsage().rss;
    const kinds = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const outcome = await run(programs[i % programs.length] ?? ['', 1]);
      const kind = outcome.ok ? 'ok' : outcome.error.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    expect(Object.fromEntries(kinds)).toEqual({ ok: 25, syntax: 25, runtime: 25, memory: 25, stack: 25, timeout: 25, 'no-solution': 25, 'bad-return': 25 });
    expect(await runProgram(solution('  return 1;'))).toEqual({ ok: true, value: 1 });
  });

  // QuickJS asserts at JS_FreeRuntime that every object was freed (a leaked handle aborts the dispose), and the
  // DEBUG_SYNC build adds a leak sanitizer. (TestQuickJSWASMModule's own runtime count is not used: in 0.32.0 it
  // never forgets a disposed runtime.)
  it('disposes every QuickJS handle, failures included (DEBUG_SYNC leak check)', async () => {
    const debug = new TestQuickJSWASMModule(await newQuickJSWASMModule(DEBUG_SYNC));
    const runtimes: QuickJSRuntime[] = [];
    const engine = {
      newRuntime: (options?: RuntimeOptions): QuickJSRuntime => {
        const runtime = debug.newRuntime(options);
        runtimes.push(runtime);
        return runtime;
      },
    };
    const limits = resolveLimits({ timeoutMs: 10_000, memoryBytes: 4 * 1024 * 1024, stackBytes: 16 * 1024 });
    const outcomes = [
      solution('  console.log("a", {});\n  return 1;'),
      'function solution( {',
      solution('  throw new Error("x");'),
      solution('  throw { get message() { return "getter"; } };'),
      solution('  return "x".repeat(1e8);'),
      solution('  function f() { return f(); }\n  return f();'),
      solution('  for (;;) {}'),
      'var solution = 1;',
      solution('  return [1];'),
      solution('  return import("fs");'),
    ].map((source) => runProgramIn(engine, source, source.includes('for (;;)') ? { ...limits, timeoutMs: 50 } : limits));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'ok',
      'syntax',
      'runtime',
      'runtime',
      'memory',
      'stack',
      'timeout',
      'no-solution',
      'bad-return',
      'bad-return',
    ]);
    expect(runtimes.map((runtime) => runtime.alive)).toEqual(outcomes.map(() => false));
    expect(debug.getFFI().QTS_RecoverableLeakCheck()).toBe(0);
  });
});
