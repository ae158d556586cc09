import { ConcordError } from './concord-error.js';

/** The model named cannot be found: a missing file, an unknown id, a server that does not serve it. */
export class NoSuchModelError extends ConcordError {
  override readonly name = 'NoSuchModelError';
  readonly model: string;
  constructor(model: string, reason: string, options?: { cause?: unknown }) {
    super(`No such model ${model}: ${reason}`, options);
    this.model = model;
  }
}
