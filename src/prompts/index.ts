export {
  checkExemplarCount,
  exemplarSetSchema,
  parseExemplarSet,
  zodIssues,
  type ExemplarSet,
  type Exemplar,
  type ExemplarFormat,
} from './exemplar-set-schema.js';
export {
  exemplarSetFiles,
  exemplarSetIds,
  defaultExemplarSets,
  exemplarSetFor,
  isExemplarSetId,
  isExemplarSetPath,
  exemplarSetFile,
  loadExemplarSet,
  readExemplarSetFile,
  type ExemplarSetId,
  type LoadExemplarSetOptions,
} from './registry.js';
export { exemplarAnswerType } from './answer-type.js';
export {
  buildFewShotPrompt,
  buildFewShotChat,
  fewShotPrompt,
  exemplarAnswerText,
  DIRECT_ANSWER_PHRASE,
  type FewShotStyle,
  type FewShotOptions,
  type FewShotPrompt,
} from './few-shot.js';
export {
  loadZeroShotCot,
  zeroShotCotAnswerTrigger,
  zeroShotCotReasoningPrompt,
  zeroShotCotAnswerPrompt,
  zeroShotCotAnswerJoint,
  zeroShotCotFile,
  ZERO_SHOT_COT_ID,
  type ZeroShotCotPrompts,
} from './zero-shot-cot.js';
export { promptsDataDir } from './data-dir.js';
export { editDistance, closestName, unknownNameMessage } from './did-you-mean.js';
export { fillTemplate } from './template.js';
