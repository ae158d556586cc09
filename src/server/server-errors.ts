/** Errors of the server's own limits; `app.ts` maps each to its HTTP status in one place. */
import { ConcordError } from '../spec/errors/index.js';

/** Every slot and every queue place is taken: the client should retry after `retryAfterSeconds` (429). */
export class ServerBusyError extends ConcordError {
  override readonly name = 'ServerBusyError';
  readonly retryAfterSeconds: number;
  constructor(running: number, queued: number, retryAfterSeconds: number) {
    super(`server busy: ${running} requests running and ${queued} queued (the most it takes); retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A request ran past the server's per-request time-out (504). */
export class RequestTimeoutError extends ConcordError {
  override readonly name = 'RequestTimeoutError';
  constructor(seconds: number) {
    super(`request took longer than the server's time-out of ${seconds} s and was cancelled`);
  }
}

/** The server is shutting down and takes no new requests (503). */
export class ShuttingDownError extends ConcordError {
  override readonly name = 'ShuttingDownError';
  constructor() {
    super('server is shutting down');
  }
}
