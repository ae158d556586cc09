// Adaptive stopping on recorded generations: for each rule, accuracy against mean samples used, next to plain
// self-consistency over every recorded sample (SC@N). Usage: tsx bench/stopping-curve.ts <recorded.jsonl>...
// (`concord eval … --paths 40 --export file.jsonl` records them). Each rule is simulated over the recorded order
// and 10 seeded shuffles (src/eval/score.ts), so the figures do not hang on one order.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRecorded } from '../src/eval/index.js';
import { scoreRecorded } from '../src/eval/score.js';

const RULES = ['beta:0.8', 'beta:0.9', 'beta:0.95', 'beta:0.99', 'dirichlet:0.95', 'window:4', 'window:8', 'fixed:8'];
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: tsx bench/stopping-curve.ts <recorded.jsonl>...');
  process.exit(2);
}
console.log('| recording | rule | accuracy | mean samples | samples saved vs SC@N | accuracy change (points) |');
console.log('|---|---|---|---|---|---|');
for (const file of files) {
  const records = parseRecorded(readFileSync(file, 'utf8'), file);
  const samples = Math.max(...records.map((r) => r.samples.length));
  const full = scoreRecorded(records);
  console.log(`| ${basename(file)} (${records.length} items) | SC@${samples} (all) | ${(full.accuracy * 100).toFixed(1)}% | ${samples} | 1× | 0 |`);
  for (const rule of RULES) {
    const stop = scoreRecorded(records, { stop: rule }).stop;
    if (stop === undefined) continue;
    const change = (stop.accuracy - full.accuracy) * 100;
    console.log(`| | ${rule} | ${(stop.accuracy * 100).toFixed(1)}% | ${stop.meanSamples.toFixed(2)} | ${(samples / stop.meanSamples).toFixed(1)}× | ${change >= 0 ? '+' : ''}${change.toFixed(2)} |`);
  }
}
