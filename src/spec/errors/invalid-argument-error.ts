import { ConcordError } from './concord-error.js';

export interface ArgumentIssue {
  /** Where the bad value is, e.g. `["concord", "paths"]` or `["--temperature"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A caller passed something that cannot work. Every problem is listed at once, each with its path. */
export class InvalidArgumentError extends ConcordError {
  override readonly name = 'InvalidArgumentError';
  readonly issues: readonly ArgumentIssue[];
  constructor(issues: readonly ArgumentIssue[] | string, options?: { cause?: unknown }) {
    const list = typeof issues === 'string' ? [{ path: [], message: issues }] : issues;
    super(list.map(formatIssue).join('; '), options);
    this.issues = list;
  }
}

function formatIssue(issue: ArgumentIssue): string {
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}
