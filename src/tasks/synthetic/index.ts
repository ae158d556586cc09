/** Seeded synthetic reasoning tasks for training and testing Concord Mini; formats in README.md here. */
export {
  generateItems,
  syntheticTasks,
  vocabularyWords,
  isTestQuestion,
  spellsAWord,
  DEFAULT_LENGTHS,
  DIRECT_ANSWER_TEMPLATE,
  SPLITS,
  TEST_MODULUS,
  type SyntheticTaskInfo,
  type SyntheticVocabulary,
} from './generate.js';
export { lettersProblem } from './letters.js';
export { coinFlipProblem, listPeople, type CoinFlipper } from './coin-flip.js';
export {
  arithmeticProblem,
  applyStep,
  STEP_TEMPLATES,
  OBJECTS,
  MAX_VALUE,
  type ArithmeticStory,
  type ArithmeticStep,
  type StepKind,
  type Operator,
} from './arithmetic.js';
export { arithmeticExemplarSet, arithmeticExemplarJson, ARITHMETIC_EXEMPLAR_FILE } from './exemplars.js';
export { splitTokens, PUNCTUATION } from './tokens.js';
export { fnv1a32, mulberry32 } from './random.js';
export { ALL_NAMES, FIRST_NAMES, FEMALE_NAMES, MALE_NAMES, LAST_NAMES } from './names.js';
export type {
  SyntheticItem,
  SyntheticTaskName,
  SyntheticSplit,
  SyntheticAnswerType,
  GenerateOptions,
  LengthRange,
  Problem,
} from './types.js';
