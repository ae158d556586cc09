export { ConcordError } from './concord-error.js';
export { InvalidArgumentError, type ArgumentIssue } from './invalid-argument-error.js';
export { BackendCallError, isRetryableStatus } from './backend-call-error.js';
export { NoSuchModelError } from './no-such-model-error.js';
export { UnreachableError } from './unreachable-error.js';
export { DisposedError } from './disposed-error.js';
export { AbortedError } from './aborted-error.js';
