// `npm run train:mini`: retrains Concord Mini from scratch — data from the TypeScript tasks, PyTorch training
// (resumes from model/.work/run/checkpoint.pt if stopped), GGUF export, and a llama.cpp ⇄ PyTorch parity check.
// Two stages (model/recipe.ts): stage one from random weights, stage two from stage one's weights on fresh items
// weighted to the weakest skills, at a lower learning rate. Each resumes from its own checkpoint if stopped.
// Options: --budget <seconds> (stage one, default 5400), --stage2-budget <seconds> (default 1800),
// --rows <n> (per stage, default 16000), --fresh (discard both checkpoints).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const DATA_2 = `${WORK}/data-stage2`;
const RUN_2 = `${WORK}/run-stage2`;
export const SHIPPED_MODEL = here('./concord-mini.gguf');

const { values } = parseArgs({
  options: { budget: { type: 'string', default: '5400' }, 'stage2-budget': { type: 'string', default: '1800' }, rows: { type: 'string', default: '16000' }, fresh: { type: 'boolean', default: false } },
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

const prepare = (dir: string, stage: string, seed: string): void => {
  if (!existsSync(`${dir}/meta.json`)) run(process.execPath, ['--import', 'tsx', here('./prepare.ts'), dir, '--rows', values.rows, '--stage', stage, '--seed', seed]);
};
prepare(DATA, '1', '1');
run(DEBIAN_PYTHON, [here('./train.py'), '--data', DATA, '--out', RUN, '--budget-seconds', values.budget, '--batch', '4']);
prepare(DATA_2, '2', '2');
run(DEBIAN_PYTHON, [here('./train.py'), '--data', DATA_2, '--out', RUN_2, '--init-from', `${RUN}/checkpoint.pt`, '--budget-seconds', values['stage2-budget'], '--batch', '4', '--lr', '1e-3', '--warmup-seconds', '10', '--seed', '1']);

interface StageSummary {
  readonly steps: number;
  readonly seconds: number;
  readonly tokens: number;
  readonly parameters: number;
  readonly config: Record<string, unknown>;
}
const readSummary = (dir: string): StageSummary => JSON.parse(readFileSync(`${dir}/summary.json`, 'utf8')) as StageSummary;
const [one, two] = [readSummary(RUN), readSummary(RUN_2)];

// One learning curve over both stages: stage two's step, seconds and tokens continue from stage one's.
const stageTwoRows = readFileSync(`${RUN_2}/curve.csv`, 'utf8').trim().split('\n').slice(1).map((line) => {
  const [step, seconds, tokens, lr, loss] = line.split(',');
  return [Number(step) + one.steps, (Number(seconds) + one.seconds).toFixed(1), Number(tokens) + one.tokens, lr, loss].join(',');
});
writeFileSync(here('./learning-curve.csv'), `${readFileSync(`${RUN}/curve.csv`, 'utf8').trimEnd()}\n${stageTwoRows.join('\n')}\n`);

const vocabulary = JSON.parse(readFileSync(`${DATA}/vocabulary.json`, 'utf8')) as SpmVocabulary;
const exported = await exportGguf(`${RUN_2}/final`, vocabulary, SHIPPED_MODEL, 'f32');
const parity = await compareWithTorch(SHIPPED_MODEL, `${RUN_2}/final`, PARITY_PROMPTS);
const training = {
  steps: one.steps + two.steps,
  seconds: one.seconds + two.seconds,
  tokens: one.tokens + two.tokens,
  parameters: two.parameters,
  config: two.config,
  stages: [one, two].map(({ steps, seconds, tokens }) => ({ steps, seconds, tokens })),
  data: JSON.parse(readFileSync(`${DATA}/meta.json`, 'utf8')) as unknown,
  stageTwoData: JSON.parse(readFileSync(`${DATA_2}/meta.json`, 'utf8')) as unknown,
  ggufBytes: exported.bytes,
  parity: parity.map((p) => ({ prompt: p.prompt, sameText: p.sameText, maxLogprobDiff: p.maxLogprobDiff })),
  wallSecondsThisInvocation: (Date.now() - started) / 1000,
};
writeFileSync(here('./training.json'), JSON.stringify(training, null, 1));
for (const p of parity) console.log(`parity ${p.sameText ? 'same' : 'DIFFERENT'} text, max |Δ logprob| ${p.maxLogprobDiff.toExponential(2)}: ${JSON.stringify(p.prompt.slice(0, 50))}`);
console.log(`wrote ${SHIPPED_MODEL} (${(exported.bytes / 2 ** 20).toFixed(1)} MiB); this invocation took ${((Date.now() - started) / 60000).toFixed(1)} min`);
