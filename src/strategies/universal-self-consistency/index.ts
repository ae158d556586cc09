export { universalSelfConsistency } from './universal-self-consistency.js';
export {
  universalSelfConsistencyOptionsSchema,
  uscMisplacedOptionIssues,
  type UniversalSelfConsistencyOptions,
  type UniversalSelfConsistencyOptionsInput,
} from './universal-self-consistency-options.js';
export { loadUscPrompt, uscSelectionPrompt, parseSelection, selectionPlan, uscPromptFile, type UscPrompt, type ParsedSelection, type SelectionRule } from './usc-selection.js';
