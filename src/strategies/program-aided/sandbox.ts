/**
 * Runs an untrusted JavaScript program (a model's `solution()`) in QuickJS compiled to WebAssembly
 * (quickjs-emscripten), never in the host's own engine: no `eval`, no `node:vm`. The program gets the language's
 * built-ins (Math, JSON, Date, ...) and nothing of the host: no filesystem, network, process, timers or module
 * loader; the one host function is a `console.log` that records strings. Each program has its own QuickJS runtime
 * (its own heap) with a memory limit, a stack limit and a time limit, and is disposed when it ends, whatever happened.
 *
 * The time limit is wall-clock time on the calling thread: QuickJS runs synchronously, so a program blocks the event
 * loop for at most `timeoutMs` (strategies run programs through sandbox-thread.ts, on a worker thread, for that
 * reason). QuickJS checks for interrupts every few thousand operations, so a program may run a little past the limit.
 */
import {
  newQuickJSWASMModule,
  newVariant,
  RELEASE_SYNC,
  type EmscriptenModuleLoaderOptions,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';

export type ProgramValue = string | number | boolean | null;

export type ProgramErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'no-solution' | 'bad-return';

export interface ProgramError {
  readonly kind: ProgramErrorKind;
  readonly message: string;
}

export type ProgramOutcome =
  | { readonly ok: true; readonly value: ProgramValue; readonly stdout?: readonly string[] }
  | { readonly ok: false; readonly error: ProgramError };

export interface ProgramLimits {
  /** Wall-clock time for loading the program and running `solution()`. @default 1000 */
  readonly timeoutMs?: number;
  /** The QuickJS heap of the program. @default 32 MiB */
  readonly memoryBytes?: number;
  /**
   * The QuickJS stack. QuickJS's frames also use the host thread's own stack, about twice as much: much above
   * 256 KiB a deep recursion would overflow the host's stack before QuickJS's limit. @default 256 KiB
   */
  readonly stackBytes?: number;
}

export const DEFAULT_PROGRAM_LIMITS: Required<ProgramLimits> = {
  timeoutMs: 1000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
};

/**
 * The bounds a caller may set; options schemas use them too. Memory stops at 256 MiB because every program shares
 * one WebAssembly memory, which grows to the largest heap a program used and never shrinks.
 */
export const PROGRAM_LIMIT_RANGES = {
  timeoutMs: { min: 1, max: 60_000 },
  memoryBytes: { min: 1024 * 1024, max: 256 * 1024 * 1024 },
  stackBytes: { min: 16 * 1024, max: 256 * 1024 },
} as const;

/** Longest answer string accepted, and the most `console.log` output kept. */
const MAX_RETURNED_CHARS = 10_000;
const MAX_STDOUT_LINES = 100;
const MAX_STDOUT_LINE_CHARS = 1_000;
const MAX_MESSAGE_CHARS = 500;

/**
 * The release build, with Emscripten's stderr silenced: when the engine aborts (its failures are caught and recorded
 * as the program's error) it would print "Aborted(...)" into the CLI's output.
 */
const QUIET_RELEASE_SYNC = newVariant(RELEASE_SYNC, { emscriptenModule: { printErr: () => undefined } as EmscriptenModuleLoaderOptions });

/** The WebAssembly module, loaded once per process; replaced only when it failed (a trap leaves its state unknown). */
let shared: Promise<QuickJSWASMModule> | undefined;

function quickJS(): Promise<QuickJSWASMModule> {
  if (shared === undefined) {
    const loading = newQuickJSWASMModule(QUIET_RELEASE_SYNC);
    shared = loading;
    loading.catch(() => {
      if (shared === loading) shared = undefined;
    });
  }
  return shared;
}

/** The part of a QuickJS module the sandbox uses: a test's leak-checking wrapper fits too. */
export type QuickJSEngine = Pick<QuickJSWASMModule, 'newRuntime'>;

/**
 * Runs `source`, then `solution()`, and returns its value or the error that stopped it. Never throws for anything
 * the program does; bad `limits` are an InvalidArgumentError.
 */
export async function runProgram(source: string, limits: ProgramLimits = {}): Promise<ProgramOutcome> {
  const resolved = resolveLimits(limits);
  const loading = quickJS();
  const engine = await loading;
  try {
    return runProgramIn(engine, source, resolved);
  } catch (error) {
    // Not an error of the program's but of the engine itself (a WebAssembly trap, the host's stack overflowing, a
    // runtime that would not free): its memory may be corrupt, so the next program gets a fresh module.
    if (shared === loading) shared = undefined;
    return error instanceof EngineFailure && error.outcome !== undefined ? error.outcome : { ok: false, error: engineFailure(error) };
  }
}

/** The engine failed; `outcome` is the program's, where it had one before the failure (at disposal). */
class EngineFailure extends Error {
  readonly outcome: ProgramOutcome | undefined;
  constructor(outcome: ProgramOutcome | undefined, cause: unknown) {
    super('QuickJS failed', { cause });
    this.outcome = outcome;
  }
}

/**
 * {@link runProgram} in a given engine, limits already checked. Exported for leak-checking tests. Throws when the
 * engine itself fails (anything thrown here is not the program's: its errors are values); the caller must then stop
 * using the engine. A failed engine is not touched again, not even to dispose of the runtime: its memory may be
 * corrupt, and freeing corrupt lists could loop. It is left to the garbage collector with the module.
 */
export function runProgramIn(engine: QuickJSEngine, source: string, limits: Required<ProgramLimits>): ProgramOutcome {
  let outcome: ProgramOutcome;
  let runtime: QuickJSRuntime;
  let context: QuickJSContext;
  try {
    runtime = engine.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    const deadline = performance.now() + limits.timeoutMs;
    let timedOut = false;
    runtime.setInterruptHandler(() => {
      if (performance.now() < deadline) return false;
      timedOut = true;
      return true;
    });
    context = runtime.newContext();
    outcome = runInContext(context, source, limits, () => timedOut);
  } catch (error) {
    throw new EngineFailure(undefined, error);
  }
  try {
    context.dispose();
    runtime.dispose();
  } catch (error) {
    throw new EngineFailure(outcome, error);
  }
  return outcome;
}

function runInContext(context: QuickJSContext, source: string, limits: Required<ProgramLimits>, timedOut: () => boolean): ProgramOutcome {
  const stdout: string[] = [];
  installConsole(context, stdout);
  const fail = (phase: Phase, thrown: QuickJSHandle): ProgramOutcome => {
    try {
      return { ok: false, error: classify(phase, describeThrown(context, thrown), timedOut(), limits) };
    } finally {
      thrown.dispose();
    }
  };
  // A script, never a module: `import` is a syntax error, not a request to a module loader (there is none).
  const loaded = context.evalCode(source, 'program.js', { type: 'global' });
  if (loaded.error) return fail('load', loaded.error);
  loaded.value.dispose();
  const found = context.evalCode('typeof solution', 'check.js');
  if (found.error) return fail('call', found.error);
  const type = found.value.consume((handle) => (context.typeof(handle) === 'string' ? context.getString(handle) : 'undefined'));
  if (type !== 'function') {
    const message = type === 'undefined' ? 'the program defines no solution()' : `solution is a ${type}, not a function`;
    return { ok: false, error: { kind: 'no-solution', message } };
  }
  const called = context.evalCode('solution()', 'call.js');
  if (called.error) return fail('call', called.error);
  const value = called.value.consume((handle) => returnedValue(context, handle));
  if (!value.ok) return value;
  return stdout.length === 0 ? value : { ...value, stdout };
}

export function resolveLimits(limits: ProgramLimits): Required<ProgramLimits> {
  const resolved = { ...DEFAULT_PROGRAM_LIMITS, ...withoutUndefined(limits) };
  const issues: ArgumentIssue[] = [];
  for (const key of Object.keys(PROGRAM_LIMIT_RANGES) as (keyof typeof PROGRAM_LIMIT_RANGES)[]) {
    const { min, max } = PROGRAM_LIMIT_RANGES[key];
    const value = resolved[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      issues.push({ path: [key], message: `must be a whole number from ${min} to ${max}, got ${String(value)}` });
    }
  }
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  return resolved;
}

function withoutUndefined(limits: ProgramLimits): ProgramLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) as ProgramLimits;
}

type Phase = 'load' | 'call';

interface Thrown {
  readonly name: string;
  readonly message: string;
}

function classify(phase: Phase, thrown: Thrown, timedOut: boolean, limits: Required<ProgramLimits>): ProgramError {
  const text = thrown.name === '' ? thrown.message : `${thrown.name}: ${thrown.message}`;
  if (timedOut) return { kind: 'timeout', message: `the program ran past its time limit of ${limits.timeoutMs} ms` };
  if (/out of memory|string too long/i.test(thrown.message)) {
    return { kind: 'memory', message: `${text} (memory limit ${limits.memoryBytes} bytes)` };
  }
  if (/stack overflow|call stack/i.test(thrown.message)) return { kind: 'stack', message: `${text} (stack limit ${limits.stackBytes} bytes)` };
  if (phase === 'load' && thrown.name === 'SyntaxError') return { kind: 'syntax', message: text };
  return { kind: 'runtime', message: text === '' ? 'the program threw a value that is not an Error' : text };
}

/**
 * The name and message of what the program threw, read without trusting it: a thrown object's getters are guest
 * code (bounded by the same limits), and reading may fail when the heap is full.
 */
function describeThrown(context: QuickJSContext, thrown: QuickJSHandle): Thrown {
  const type = context.typeof(thrown);
  if (type === 'string') return { name: '', message: clip(context.getString(thrown), MAX_MESSAGE_CHARS) };
  if (type === 'number') return { name: '', message: `threw ${context.getNumber(thrown)}` };
  if (type !== 'object' || context.sameValue(thrown, context.null)) return { name: '', message: `threw ${type === 'object' ? 'null' : type}` };
  return { name: stringProperty(context, thrown, 'name'), message: stringProperty(context, thrown, 'message') };
}

function stringProperty(context: QuickJSContext, object: QuickJSHandle, key: string): string {
  try {
    return context
      .getProp(object, key)
      .consume((value) => (context.typeof(value) === 'string' ? clip(context.getString(value), MAX_MESSAGE_CHARS) : ''));
  } catch {
    return '';
  }
}

function returnedValue(context: QuickJSContext, handle: QuickJSHandle): ProgramOutcome {
  const bad = (message: string): ProgramOutcome => ({ ok: false, error: { kind: 'bad-return', message } });
  const type = context.typeof(handle);
  switch (type) {
    case 'number': {
      const value = context.getNumber(handle);
      return Number.isFinite(value) ? { ok: true, value } : bad(`solution() returned ${value}, not a finite number`);
    }
    case 'string': {
      const value = context.getString(handle);
      return value.length <= MAX_RETURNED_CHARS ? { ok: true, value } : bad(`solution() returned a string of ${value.length} characters`);
    }
    case 'boolean':
      return { ok: true, value: context.sameValue(handle, context.true) };
    case 'bigint':
      return { ok: true, value: context.getBigInt(handle).toString() };
    case 'object':
      if (context.sameValue(handle, context.null)) return { ok: true, value: null };
      return bad('solution() returned an object; it must return a number, a string or a boolean');
    default:
      return bad(`solution() returned ${type === 'undefined' ? 'undefined' : `a ${type}`}; it must return a number, a string or a boolean`);
  }
}

/** `console.log(...)`: the arguments as text, one line per call; objects are shown by their type only. */
function installConsole(context: QuickJSContext, stdout: string[]): void {
  const log = context.newFunction('log', (...args) => {
    if (stdout.length >= MAX_STDOUT_LINES) return;
    stdout.push(clip(args.map((arg) => printable(context, arg)).join(' '), MAX_STDOUT_LINE_CHARS));
  });
  const console = context.newObject();
  context.setProp(console, 'log', log);
  context.setProp(context.global, 'console', console);
  console.dispose();
  log.dispose();
}

function printable(context: QuickJSContext, handle: QuickJSHandle): string {
  const type = context.typeof(handle);
  if (type === 'string') return clip(context.getString(handle), MAX_STDOUT_LINE_CHARS);
  if (type === 'number') return String(context.getNumber(handle));
  if (type === 'boolean') return String(context.sameValue(handle, context.true));
  if (type === 'bigint') return `${context.getBigInt(handle).toString()}n`;
  if (type === 'undefined') return 'undefined';
  if (type === 'object' && context.sameValue(handle, context.null)) return 'null';
  return `[${type}]`;
}

/** An engine failure as the program's error: the host's stack overflowing under QuickJS is the program's deep recursion. */
function engineFailure(error: unknown): ProgramError {
  const cause: unknown = error instanceof EngineFailure ? error.cause : error;
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) {
    return { kind: 'stack', message: `the program recursed until the host's stack overflowed (${text}); the next program gets a fresh engine` };
  }
  return { kind: 'runtime', message: `the sandbox failed (${clip(text, MAX_MESSAGE_CHARS)}); the next program gets a fresh engine` };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
