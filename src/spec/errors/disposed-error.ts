import { ConcordError } from './concord-error.js';

/** Something was used after `dispose()`. */
export class DisposedError extends ConcordError {
  override readonly name = 'DisposedError';
  constructor(what: string) {
    super(`${what} was used after it was disposed`);
  }
}
