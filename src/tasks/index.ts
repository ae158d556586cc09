/** Benchmark tasks: data sets, their question formats and answer types, and the synthetic tasks. */
export type { Task, TaskItem, TaskDefaults, LoadOptions, LoadedTask, BadRecord } from './task.js';
export { PAPER_DEFAULTS, MATH_DEFAULTS } from './task.js';
export { taskNames, resolveTask, resolveDataDir, defaultDataDir } from './registry.js';
export { BBH_TASKS, type BbhTaskName } from './datasets/bbh.js';
export { parseBbhPrompt } from './datasets/bbh-prompt.js';
export { lastBoxed } from './datasets/math.js';
export { SYNTHETIC_DEFAULT_COUNT, SYNTHETIC_DEFAULT_SEED } from './synthetic-tasks.js';
