import { ConcordError } from './concord-error.js';

/** A server could not be reached at all (connection refused, DNS failure, time-out before any answer). */
export class UnreachableError extends ConcordError {
  override readonly name = 'UnreachableError';
  readonly url: string;
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot reach ${url}: ${reason}`, options);
    this.url = url;
  }
}
