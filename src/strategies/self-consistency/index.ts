export { selfConsistency } from './self-consistency.js';
export {
  selfConsistencyOptionsSchema,
  selfConsistencyBaseDefaults,
  misplacedOptionIssues,
  type SelfConsistencyOptions,
  type SelfConsistencyOptionsInput,
} from './self-consistency-options.js';
