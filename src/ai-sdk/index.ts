export { selfConsistency, type SelfConsistencyMiddlewareOptions, type SelfConsistencyMetadata } from './self-consistency-middleware.js';
