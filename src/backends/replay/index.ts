export { ReplayModel, questionOf, pieces } from './replay-model.js';
export { replayModelOptionsSchema, resolveReplayModelOptions, type ReplayModelOptions, type ResolvedReplayModelOptions } from './replay-options.js';
export {
  RECORDED_ANSWER_TYPES,
  recordedQuestionSchema,
  recordedSampleSchema,
  parseRecorded,
  checkRecords,
  readRecorded,
  formatRecorded,
  writeRecorded,
  type RecordedAnswerType,
  type RecordedQuestion,
  type RecordedQuestionInput,
  type RecordedSample,
} from './replay-format.js';
