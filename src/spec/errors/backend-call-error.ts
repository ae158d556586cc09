import { ConcordError } from './concord-error.js';

/** A call to a model backend failed. `isRetryable` follows the status: 408, 409, 429 and 5xx, or a network failure. */
export class BackendCallError extends ConcordError {
  override readonly name = 'BackendCallError';
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;
  readonly url: string | undefined;
  constructor(
    message: string,
    details: { status?: number; isRetryable?: boolean; retryAfterSeconds?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.isRetryable = details.isRetryable ?? isRetryableStatus(details.status);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.url = details.url;
  }
}

export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
