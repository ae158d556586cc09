export { leastToMost } from './least-to-most.js';
export { leastToMostOptionsSchema, type LeastToMostOptions, type LeastToMostOptionsInput } from './least-to-most-options.js';
export {
  leastToMostSetSchema,
  leastToMostSetFiles,
  leastToMostSetIds,
  defaultLeastToMostSets,
  isLeastToMostSetId,
  leastToMostSetFile,
  loadLeastToMostSet,
  parseLeastToMostSet,
  parseDecomposition,
  splitQuestion,
  decompositionPrompt,
  solutionPrompt,
  type LeastToMostSet,
  type LeastToMostSetId,
  type LeastToMostExemplar,
  type Decomposition,
} from './least-to-most-prompts.js';
