export { readConfig, DEFAULT_STORE_PATH, type ConcordConfig, type Environment } from './config.js';
