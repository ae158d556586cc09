export { chainOfThought } from './chain-of-thought.js';
export {
  chainOfThoughtOptionsSchema,
  type ChainOfThoughtOptions,
  type ChainOfThoughtOptionsInput,
} from './chain-of-thought-options.js';
