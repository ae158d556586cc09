export { direct } from './direct.js';
export { directOptionsSchema, type DirectOptions, type DirectOptionsInput } from './direct-options.js';
