export { zeroShotCot } from './zero-shot-cot.js';
export { zeroShotCotOptionsSchema, type ZeroShotCotOptions, type ZeroShotCotOptionsInput } from './zero-shot-cot-options.js';
