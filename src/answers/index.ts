/** Answer extraction, normalisation and voting: the `answers` layer (imports only `spec`). */

export {
  extractAnswer,
  textAfterLastPhrase,
  DEFAULT_ANSWER_PHRASES,
  MATH_ANSWER_PHRASES,
  EXTRACTION_RULES,
  type ExtractOptions,
  type ExtractionRule,
} from './extract.js';
export { normaliseAnswer, answersEqual, checkSpec, DEFAULT_TOLERANCE } from './normalise.js';
export { gradeAnswer } from './grade.js';
export { normaliseMath, mathEqual } from './math.js';
export { vote, type VoteInput, type VoteOptions } from './vote.js';
export { inferAnswerSpec } from './infer-answer-spec.js';
export { parseStopRule, betaRule, dirichletRule, windowRule, fixedRule, stoppingPoint, majorityConfidence, leaderProbability, type StopRule } from './stopping.js';
