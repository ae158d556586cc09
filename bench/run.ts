// `npm run bench`: every benchmark, one after another (never two at once: they would share the two cores).
import { runPathsPerSecond } from './paths-per-second.js';
import { runScoreSpeed } from './score-speed.js';

await runPathsPerSecond();
console.log();
await runScoreSpeed();
