// `npm run bench`: every performance figure, one benchmark after another (never two at once: they would share the
// two cores), as a table — figure, value, target, pass — with the machine it ran on. `npm run bench -- --json`
// prints the same figures as one JSON array, the last output. `--skip-big` leaves out the 0.36 B-shaped model
// (about 8 minutes of the run on two cores; it builds a 690 MB GGUF in bench/.models the first time).
import { parseArgs } from 'node:util';
import { runScoreSpeed } from './score-speed.js';
import { bigModelFigures, miniFigures } from './perf.js';
import { figure, figuresTable, type Figure } from './figures.js';
import { machineLine } from './machine.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, 'skip-big': { type: 'boolean', default: false } } });
const figures: Figure[] = [];
figures.push(...(await miniFigures()));
if (!values['skip-big']) figures.push(...(await bigModelFigures()));
const score = await runScoreSpeed();
figures.push(figure('scoring 1,319 × 40 recorded samples (s)', score.seconds, '< 1', score.seconds < 1, 'extraction, vote, maj@1..40, pass@k; median of 3'));

console.log();
console.log(`Machine: ${machineLine(1).replace(/ · threads 1$/, '')} · llama.cpp threads: 1 for Concord Mini, auto (2) for the 0.36 B shape`);
console.log(figuresTable(figures));
if (values.json) console.log(JSON.stringify(figures.map(({ figure: name, value, target, pass }) => ({ figure: name, value, target, pass }))));
