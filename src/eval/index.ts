/** The evaluation harness: the run loop, the SQLite run store, metrics, adaptive stopping, recorded generations, reports, plots, progress. */
export * from './metrics.js';
export * from '../answers/stopping.js';
export * from './recorded.js';
export * from './score.js';
export * from './report.js';
export * from './plots.js';
export * from './run-config.js';
export * from './run-store.js';
export * from './run-eval.js';
export { isItemFailure } from './run-item.js';
export { mergeTaskDefaults, exemplarsReference, itemSeed, ITEM_SEED_STRIDE, type StrategyOptions } from './run-options.js';
export * from './progress.js';
