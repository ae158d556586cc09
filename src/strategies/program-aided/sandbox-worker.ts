/**
 * The worker thread that runs programs for sandbox-thread.ts: one program at a time, in this thread's own QuickJS
 * module, so a program that spins until its time limit holds up this thread and never the host's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { runProgram, type ProgramLimits, type ProgramOutcome } from './sandbox.js';

export interface ProgramRequest {
  readonly id: number;
  readonly source: string;
  readonly limits: Required<ProgramLimits>;
}

export interface ProgramResponse {
  readonly id: number;
  readonly outcome: ProgramOutcome;
}

const port = parentPort;
if (port === null) throw new Error('sandbox-worker.ts runs as a worker thread (see sandbox-thread.ts)');
port.on('message', (request: ProgramRequest) => {
  const answer = (outcome: ProgramOutcome): void => port.postMessage({ id: request.id, outcome } satisfies ProgramResponse);
  // runProgram returns the program's failures as values; anything it throws is the sandbox's own.
  runProgram(request.source, request.limits).then(answer, (error: unknown) =>
    answer({ ok: false, error: { kind: 'runtime', message: `the sandbox failed (${String(error)})` } }),
  );
});
