// `npm run train:mini`: retrains Concord Mini from scratch — data from the TypeScript tasks, PyTorch training
// (resumes from model/.work/run/checkpoint.pt if stopped), GGUF export, and a llama.cpp ⇄ PyTorch parity check.
// Options: --budget <seconds> (default 3600), --rows <n> (default 16000), --fresh (discard the checkpoint).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { SpmVocabulary } from '../src/gguf/index.js';
import { exportGguf } from './export.js';
import { compareWithTorch, DEBIAN_PYTHON, torchAvailable } from './parity.js';
import { PARITY_PROMPTS } from './parity-prompts.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const WORK = here('./.work');
const DATA = `${WORK}/data`;
const RUN = `${WORK}/run`;
export const SHIPPED_MODEL = here('./concord-mini.gguf');

const { values } = parseArgs({
  options: { budget: { type: 'string', default: '3600' }, rows: { type: 'string', default: '16000' }, fresh: { type: 'boolean', default: false } },
});
const started = Date.now();

if (!torchAvailable()) {
  console.error(`concord: train:mini needs Debian's PyTorch at ${DEBIAN_PYTHON}: apt-get install -y python3-torch libopenblas0-openmp`);
  process.exit(2);
}
if (values.fresh) rmSync(WORK, { recursive: true, force: true });

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

if (!existsSync(`${DATA}/meta.json`)) run(process.execPath, ['--import', 'tsx', here('./prepare.ts'), DATA, '--rows', values.rows]);
run(DEBIAN_PYTHON, [here('./train.py'), '--data', DATA, '--out', RUN, '--budget-seconds', values.budget, '--batch', '4']);

const vocabulary = JSON.parse(readFileSync(`${DATA}/vocabulary.json`, 'utf8')) as SpmVocabulary;
const exported = await exportGguf(`${RUN}/final`, vocabulary, SHIPPED_MODEL, 'f32');
const parity = await compareWithTorch(SHIPPED_MODEL, `${RUN}/final`, PARITY_PROMPTS);
const summary = JSON.parse(readFileSync(`${RUN}/summary.json`, 'utf8')) as Record<string, unknown>;
copyFileSync(`${RUN}/curve.csv`, here('./learning-curve.csv'));
const training = {
  ...summary,
  data: JSON.parse(readFileSync(`${DATA}/meta.json`, 'utf8')) as unknown,
  ggufBytes: exported.bytes,
  parity: parity.map((p) => ({ prompt: p.prompt, sameText: p.sameText, maxLogprobDiff: p.maxLogprobDiff })),
  wallSecondsThisInvocation: (Date.now() - started) / 1000,
};
writeFileSync(here('./training.json'), JSON.stringify(training, null, 1));
for (const p of parity) console.log(`parity ${p.sameText ? 'same' : 'DIFFERENT'} text, max |Δ logprob| ${p.maxLogprobDiff.toExponential(2)}: ${JSON.stringify(p.prompt.slice(0, 50))}`);
console.log(`wrote ${SHIPPED_MODEL} (${(exported.bytes / 2 ** 20).toFixed(1)} MiB); this invocation took ${((Date.now() - started) / 60000).toFixed(1)} min`);
