// `npm run bench`: every benchmark, one after another (never two at once: they would share the two cores).
import { bundledModelPath } from '../src/backends/index.js';
import { runPathsPerSecond } from './paths-per-second.js';
import { runScoreSpeed } from './score-speed.js';

await runPathsPerSecond();
const mini = bundledModelPath();
if (mini) await runPathsPerSecond(mini);
console.log();
await runScoreSpeed();
