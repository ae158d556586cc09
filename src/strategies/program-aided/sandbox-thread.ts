/**
 * Runs programs in the sandbox on a worker thread, so the host's event loop (a server answering other requests, a
 * run streaming its events) never waits on a program: QuickJS runs synchronously, and a program may spin until its
 * time limit. One worker per process runs the programs one after another; it is started on the first program and
 * does not keep the process alive while idle.
 *
 * The worker's QuickJS stops a program at its time limit (sandbox.ts). Should a program hold the worker past the
 * limit and a grace period all the same, the worker is terminated, the program ends as a `timeout`, and the next
 * program gets a fresh worker.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveLimits, type ProgramLimits, type ProgramOutcome } from './sandbox.js';
import type { ProgramRequest, ProgramResponse } from './sandbox-worker.js';

/** How long past its time limit a program may hold the worker before the worker is terminated. */
const DEFAULT_GRACE_MS = 2_000;

interface Task {
  readonly request: ProgramRequest;
  readonly graceMs: number;
  readonly resolve: (outcome: ProgramOutcome) => void;
}

let worker: Worker | undefined;
let running: { task: Task; timer: NodeJS.Timeout; thread: Worker } | undefined;
const waiting: Task[] = [];
let nextId = 0;

/**
 * Runs `source`, then `solution()`, on the sandbox's worker thread, and returns its value or the error that stopped
 * it, as {@link runProgram} does. Never throws for anything the program does; bad `limits` are an
 * InvalidArgumentError. `graceMs` is how long past the time limit the worker may take before it is terminated.
 */
export async function runProgramOffThread(source: string, limits: ProgramLimits = {}, graceMs = DEFAULT_GRACE_MS): Promise<ProgramOutcome> {
  const resolved = resolveLimits(limits);
  return new Promise<ProgramOutcome>((resolve) => {
    waiting.push({ request: { id: ++nextId, source, limits: resolved }, graceMs, resolve });
    startNext();
  });
}

function startNext(): void {
  if (running !== undefined) return;
  const task = waiting.shift();
  if (task === undefined) {
    worker?.unref();
    return;
  }
  const thread = (worker ??= startWorker());
  thread.ref();
  const { timeoutMs } = task.request.limits;
  const timer = setTimeout(() => {
    // The worker goes first, so the next program starts on a fresh one.
    if (worker === thread) worker = undefined;
    void thread.terminate();
    finish(task, { ok: false, error: { kind: 'timeout', message: `the program ran past its time limit of ${timeoutMs} ms and its worker was terminated` } });
  }, timeoutMs + task.graceMs);
  running = { task, timer, thread };
  thread.postMessage(task.request);
}

function finish(task: Task, outcome: ProgramOutcome): void {
  if (running?.task !== task) return;
  clearTimeout(running.timer);
  running = undefined;
  task.resolve(outcome);
  startNext();
}

function startWorker(): Worker {
  const thread = spawnSandboxWorker();
  thread.on('message', (response: ProgramResponse) => {
    if (running !== undefined && running.task.request.id === response.id) finish(running.task, response.outcome);
  });
  // The worker died (not the program's doing: QuickJS catches its failures); a program running on it fails.
  const lost = (why: string): void => {
    if (worker === thread) worker = undefined;
    if (running?.thread === thread) {
      finish(running.task, { ok: false, error: { kind: 'runtime', message: `the sandbox's worker ${why}; the next program gets a fresh one` } });
    }
  };
  thread.on('error', (error) => lost(`failed (${error.message})`));
  thread.on('exit', (code) => lost(`exited with code ${code}`));
  return thread;
}

/**
 * The worker on its entry module: the compiled `.js` beside this file, or, run from the TypeScript sources (tsx,
 * vitest), the `.ts` one through tsx's loader, which a worker thread must register for itself.
 */
function spawnSandboxWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./sandbox-worker.js', here));
  const entry = new URL('./sandbox-worker.ts', here).href;
  // tsx's ES module entry, resolved from here (an eval'd worker would resolve a bare name from the working directory).
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}
