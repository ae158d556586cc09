export { programAided } from './program-aided.js';
export {
  programAidedOptionsSchema,
  DEFAULT_PAL_EXEMPLARS,
  type ProgramAidedOptions,
  type ProgramAidedOptionsInput,
} from './program-aided-options.js';
export { runProgramAided, type ProgramAidedRun } from './sample-programs.js';
export { programFromCompletion, programPrompt, readOutcome, type ProgramPrompt, type ProgramReading } from './program-text.js';
export {
  runProgram,
  DEFAULT_PROGRAM_LIMITS,
  type ProgramOutcome,
  type ProgramValue,
  type ProgramError,
  type ProgramErrorKind,
  type ProgramLimits,
} from './sandbox.js';
export { runProgramOffThread } from './sandbox-thread.js';
