import { ConcordError } from './concord-error.js';

/** The caller's AbortSignal fired, or a time-out elapsed. */
export class AbortedError extends ConcordError {
  override readonly name = 'AbortedError';
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was aborted`, options);
  }
}
