/** Base of every error Concord throws on purpose. `name` is stable: match on it, not on the message. */
export class ConcordError extends Error {
  override readonly name: string = 'ConcordError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  static isInstance(error: unknown): error is ConcordError {
    return error instanceof ConcordError;
  }
}
