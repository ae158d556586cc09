export { answer, strategyOptionKeys, type Question, type Strategy, type AnyStrategy } from './strategy.js';
export { strategies, strategyNames, resolveStrategy } from './registry.js';
export { direct, directOptionsSchema, type DirectOptions, type DirectOptionsInput } from './direct/index.js';
export {
  chainOfThought,
  chainOfThoughtOptionsSchema,
  type ChainOfThoughtOptions,
  type ChainOfThoughtOptionsInput,
} from './chain-of-thought/index.js';
export {
  zeroShotCot,
  zeroShotCotOptionsSchema,
  type ZeroShotCotOptions,
  type ZeroShotCotOptionsInput,
} from './zero-shot-cot/index.js';
export {
  selfConsistency,
  selfConsistencyOptionsSchema,
  selfConsistencyBaseDefaults,
  type SelfConsistencyOptions,
  type SelfConsistencyOptionsInput,
} from './self-consistency/index.js';
export { planQuestion, choiceLetters, usesExemplars, type QuestionRequest, type PlannedQuestion } from './plan-question.js';
export {
  programAided,
  programAidedOptionsSchema,
  runProgram,
  runProgramOffThread,
  type ProgramAidedOptions,
  type ProgramAidedOptionsInput,
  type ProgramOutcome,
  type ProgramLimits,
} from './program-aided/index.js';
export {
  universalSelfConsistency,
  universalSelfConsistencyOptionsSchema,
  type UniversalSelfConsistencyOptions,
  type UniversalSelfConsistencyOptionsInput,
} from './universal-self-consistency/index.js';
export {
  leastToMost,
  leastToMostOptionsSchema,
  leastToMostSetIds,
  loadLeastToMostSet,
  type LeastToMostOptions,
  type LeastToMostOptionsInput,
  type LeastToMostSet,
} from './least-to-most/index.js';
