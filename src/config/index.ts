export { readConfig, type ConcordConfig, type Environment } from './config.js';
