export type * from './model.js';
export type * from './answer.js';
export type * from './result.js';
export * from './errors/index.js';
