// Writes model/MODEL_CARD.md (and model/learning-curve.svg) from training.json, learning-curve.csv and
// eval-results.json. Usage: tsx model/write-card.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { calibrationTable, markdownTable, type CellResult } from './evaluate.js';
import { STAGE_TWO_MIX, TRAINING_MIX } from './recipe.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface Training {
  steps: number;
  seconds: number;
  tokens: number;
  parameters: number;
  config: { vocab: number; dim: number; layers: number; heads: number; kv_heads: number; ff: number; context: number };
  data: { rows: number; length: number; trainedTokens: number };
  stageTwoData: { rows: number; trainedTokens: number };
  stages: { steps: number; seconds: number; tokens: number }[];
  ggufBytes: number;
  parity: { prompt: string; sameText: boolean; maxLogprobDiff: number }[];
}

async function curveSvg(rows: { step: number; seconds: number; tokens: number; loss: number }[]): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Concord Mini: training loss (answer tokens only)',
    width: 520,
    height: 260,
    data: { values: rows },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'wall time (s)' },
      y: { field: 'loss', type: 'quantitative', title: 'loss (nats/token, smoothed)', scale: { type: 'log' } },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

const training = JSON.parse(readFileSync(here('./training.json'), 'utf8')) as Training;
const curve = readFileSync(here('./learning-curve.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [step, seconds, tokens, , loss] = line.split(',').map(Number);
    return { step: step as number, seconds: seconds as number, tokens: tokens as number, loss: loss as number };
  });
const evaluation = JSON.parse(readFileSync(here('./eval-results.json'), 'utf8')) as { temperature: number; cells: CellResult[] };
writeFileSync(here('./learning-curve.svg'), await curveSvg(curve));

const c = training.config;
const cell = (task: string, split: string): CellResult => {
  const found = evaluation.cells.find((x) => x.task === task && x.split === split);
  if (!found) throw new Error(`eval-results.json has no ${task}/${split} cell`);
  return found;
};
const pts = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const sc16 = (x: CellResult): number => x.selfConsistency['16'] ?? 0;
const targets = [
  ['CoT beats direct by ≥ 30 points on arithmetic (in)', pts(cell('arithmetic', 'in').cot - cell('arithmetic', 'in').direct), cell('arithmetic', 'in').cot - cell('arithmetic', 'in').direct >= 0.3],
  ['CoT beats direct by ≥ 30 points on letters (in)', pts(cell('letters', 'in').cot - cell('letters', 'in').direct), cell('letters', 'in').cot - cell('letters', 'in').direct >= 0.3],
  ['SC@16 beats greedy CoT by ≥ 5 points in distribution (arithmetic)', pts(sc16(cell('arithmetic', 'in')) - cell('arithmetic', 'in').cot), sc16(cell('arithmetic', 'in')) - cell('arithmetic', 'in').cot >= 0.05],
  ['SC@16 beats greedy CoT by ≥ 5 points in distribution (letters)', pts(sc16(cell('letters', 'in')) - cell('letters', 'in').cot), sc16(cell('letters', 'in')) - cell('letters', 'in').cot >= 0.05],
  ['… and by more out of distribution (arithmetic)', pts(sc16(cell('arithmetic', 'out')) - cell('arithmetic', 'out').cot), sc16(cell('arithmetic', 'out')) - cell('arithmetic', 'out').cot > Math.max(0, sc16(cell('arithmetic', 'in')) - cell('arithmetic', 'in').cot)],
  ['OOD CoT ≥ 60% on 4–5-word letters', `${(100 * cell('letters', 'out').cot).toFixed(1)}%`, cell('letters', 'out').cot >= 0.6],
  ['OOD CoT ≥ 90% on 4–5-person coin flip', `${(100 * cell('coin-flip', 'out').cot).toFixed(1)}%`, cell('coin-flip', 'out').cot >= 0.9],
] as const;
const targetTable = [
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map(([what, value, met]) => `| ${what} | ${value} | ${met ? 'yes' : '**no**'} |`),
].join('\n');
const milestones = [60, 300, 600, 1200, 1800, 2400, 3000, 3600, 4800, 5400, 6000, 6600, 7200]
  .map((t) => curve.find((row) => row.seconds >= t) ?? curve.at(-1))
  .filter((row, i, all) => row && all.indexOf(row) === i) as typeof curve;

const card = `# Concord Mini

A PaLM-style decoder-only transformer trained by Concord's own recipe (\`npm run train:mini\`) on text from
Concord's synthetic reasoning tasks, shipped as \`model/concord-mini.gguf\` and used as the default model of
\`concord ask\`. It exists so that every method runs end to end on a laptop CPU with no download, and so that the
papers' effects can be measured on a real model.

## Architecture
| | |
|---|---|
| family | decoder-only, llama.cpp \`llama\` architecture: sequential blocks, RMSNorm (ε 1e-5), rotary embeddings on adjacent pairs (base 10,000), SwiGLU, multi-query attention, tied input/output embeddings, no biases |
| width × blocks | ${c.dim} × ${c.layers}; ${c.heads} query heads of ${c.dim / c.heads}, ${c.kv_heads} K/V head; feed-forward ${c.ff} |
| parameters | ${training.parameters.toLocaleString('en-US')} |
| vocabulary | ${c.vocab.toLocaleString('en-US')} tokens, SentencePiece (\`tokenizer.ggml.model = "llama"\`) |
| training context | ${c.context} tokens per row (several documents, attention kept inside each, positions restarting) |
| file | f32 GGUF, ${(training.ggufBytes / 2 ** 20).toFixed(1)} MiB |

## Tokenizer
Word-level pieces expressed as an SPM vocabulary that llama.cpp's own tokenizer reproduces (\`model/vocabulary.ts\`;
\`src/gguf/spm-tokenizer.ts\` reimplements llama.cpp's merge order for the training data, and a test compares ids
with node-llama-cpp on thousands of generated documents). Every prefix of every name, template word and integer
0–999 is a token with score 1, space-prefixed template words and numbers have score 0, so bare merges run first: a
word builds up whole from its first letter, then takes its space (\`▁answer\`), while names never get a space token
(\` Musk\` is \`▁\` + \`Musk\`, the same token as in \`"Musk"\`: copying a name is copying one token). Letters,
digits, punctuation, \`▁\` and the 256 byte tokens cover any other text. About 3.3 characters per token.

## Data
Generated by \`src/tasks/synthetic/\` (seeded): last-letter concatenation and coin flip in exactly the CoT paper's
exemplar format, and multi-step arithmetic stories (values 1–100). Training lengths ${TRAINING_MIX.trainLengths.letters.join('–')}
words / people / steps; the \`in\` test split is 2–3, \`out\` is 4–5; test questions are reserved by a hash and never
trained on. Documents, in the layouts the strategies prompt with: few-shot chain-of-thought (${TRAINING_MIX.kinds.cot * 100}%) and
direct (${TRAINING_MIX.kinds.direct * 100}%) Q/A pairs, ${TRAINING_MIX.exemplarPrefixShare * 100}% of them after the task's published exemplars; zero-shot
CoT call 1 (\`Let's think step by step.\` → rationale, ${TRAINING_MIX.kinds['zero-shot-reasoning'] * 100}%) and call 2 (→ Kojima's answer trigger → answer,
${TRAINING_MIX.kinds['zero-shot-answer'] * 100}%). Loss on answer tokens only. Tasks: arithmetic ${TRAINING_MIX.tasks.arithmetic * 100}%, letters ${TRAINING_MIX.tasks.letters * 100}%, coin flip ${TRAINING_MIX.tasks['coin-flip'] * 100}%.
${training.data.rows.toLocaleString('en-US')} rows × ${training.data.length} tokens prepared; ${training.data.trainedTokens.toLocaleString('en-US')} of them carry loss.
Stage two (below) draws ${training.stageTwoData.rows.toLocaleString('en-US')} fresh rows (another seed; ${training.stageTwoData.trainedTokens.toLocaleString('en-US')} loss tokens) weighted to the skills stage one
left weakest: letters ${STAGE_TWO_MIX.tasks.letters * 100}%, arithmetic ${STAGE_TWO_MIX.tasks.arithmetic * 100}%, coin flip ${STAGE_TWO_MIX.tasks['coin-flip'] * 100}%; chain-of-thought ${STAGE_TWO_MIX.kinds.cot * 100}% of documents.

## Training
Debian's PyTorch on 2 CPU cores (\`model/train.py\`), in two stages (\`model/train-mini.ts\`): AdamW (betas 0.9/0.98,
weight decay 0.05), clip 1.0, batch 4 × ${c.context}, a cosine over wall time to 10% of the peak.
1. From random weights: lr 2e-3, 30 s warm-up, ${training.stages[0]?.steps.toLocaleString('en-US')} steps, ${training.stages[0]?.tokens.toLocaleString('en-US')} tokens, ${((training.stages[0]?.seconds ?? 0) / 60).toFixed(0)} minutes.
2. From stage one's weights on the fresh stage-two rows: lr 1e-3, 10 s warm-up, ${training.stages[1]?.steps.toLocaleString('en-US')} steps, ${training.stages[1]?.tokens.toLocaleString('en-US')} tokens,
   ${((training.stages[1]?.seconds ?? 0) / 60).toFixed(0)} minutes (the machine was shared with other work then, hence fewer tokens per second).

**${training.steps.toLocaleString('en-US')} steps, ${training.tokens.toLocaleString('en-US')} tokens, ${(training.seconds / 60).toFixed(1)} minutes in all.** Each stage checkpoints every 2 minutes and resumes
when started again. Stage two was added after the first evaluation: it lifted chain-of-thought on letters from 17% to
${(100 * cell('letters', 'in').cot).toFixed(0)}% (stage one alone, measured before the sampling fix below: letters in 100 / 17 / 8 / 14.5 for direct / CoT / zero-shot CoT / SC@16; arithmetic in 18 / 87 / 86 / 84.2).

![learning curve](learning-curve.svg)

| wall time (s) | step | tokens | loss |
|---|---|---|---|
${milestones.map((r) => `| ${r.seconds.toFixed(0)} | ${r.step} | ${r.tokens.toLocaleString('en-US')} | ${r.loss.toFixed(4)} |`).join('\n')}

Full curve: \`model/learning-curve.csv\`.

## Parity with PyTorch
llama.cpp's greedy continuation equals PyTorch's on every fixed prompt (\`model/parity-prompts.ts\`), and the
per-token log-probabilities agree within ${Math.max(...training.parity.map((p) => p.maxLogprobDiff)).toExponential(1)} nats (\`test/concord-mini.test.ts\` checks both
where python3-torch is installed; CI installs it).

## Accuracy
\`npm run eval:mini\` (\`model/evaluate.ts\`): ${evaluation.cells[0]?.items ?? 0} held-out items per cell, published exemplars for letters (4-shot)
and coin flip (8-shot), \`concord-arithmetic\` (4-shot) for arithmetic. maj@k is the exact expectation over
k-subsets of 16 sampled paths.

${markdownTable(evaluation.cells, evaluation.temperature)}

Calibration of SC@16:

${calibrationTable(evaluation.cells)}

### Against the issue's targets

${targetTable}

What the table shows, honestly:
- **Chain of thought works where a step is hard to do at once**: multi-step arithmetic, where direct answering is
  ${(100 * cell('arithmetic', 'in').direct).toFixed(0)}% and chain-of-thought ${(100 * cell('arithmetic', 'in').cot).toFixed(0)}%. On letters the word-level vocabulary makes the direct answer a per-token lookup (the
  spike's lesson 1): direct is ${(100 * cell('letters', 'in').direct).toFixed(0)}%, so chain of thought (${(100 * cell('letters', 'in').cot).toFixed(0)}%), which must copy every word into its rationale first,
  cannot beat it; its errors are copying errors (a plausible other name written for one of the question's).
- **Self-consistency behaves as in the paper**: maj@k rises with k (letters ${(100 * (cell('letters', 'in').selfConsistency['1'] ?? 0)).toFixed(0)}% at k = 1 to ${(100 * sc16(cell('letters', 'in'))).toFixed(0)}% at k = 16,
  ${pts(sc16(cell('letters', 'in')) - cell('letters', 'in').cot)} points over the greedy path; arithmetic ${(100 * (cell('arithmetic', 'in').selfConsistency['1'] ?? 0)).toFixed(0)}% to ${(100 * sc16(cell('arithmetic', 'in'))).toFixed(0)}%, ${pts(sc16(cell('arithmetic', 'in')) - cell('arithmetic', 'in').cot)} over greedy), the right answer is among
  the 16 paths far more often than the vote finds it (${(100 * cell('letters', 'in').anyOf16).toFixed(0)}% and ${(100 * cell('arithmetic', 'in').anyOf16).toFixed(0)}%), and accuracy rises with the vote share (the
  calibration table). On arithmetic the greedy path is already right where the model is sure, so the vote adds little.
- **Out of distribution fails structurally**, as the spike predicted: the model never writes more steps than it saw in
  training (1–3), so 4–5-step items get 3-step chains. Coin flip out of distribution stays near chance.
- A sampling bug mattered less than it might have: until this version, node-llama-cpp's concurrent sampling let
  parallel paths read each other's logits (\`src/backends/llama/serial-sampling.ts\`); with it fixed, stage one's
  model scores arithmetic in SC@16 84.7% (84.2% before), so the gains above are the training's.
- What limited it: two hours of CPU training on 2 cores (${(training.tokens / 1e6).toFixed(1)} M tokens, about a quarter of them trained on), no
  ablation. Next steps: train on longer chains with a step counter in the rationale (for lengths beyond training),
  a larger model, and more steps for the copy circuit.

## Retrain
\`\`\`sh
apt-get install -y python3-torch libopenblas0-openmp   # Debian's PyTorch, CPU
npm run train:mini                                      # data, training (resumes), export, parity check
npm run eval:mini                                       # the table above
npx tsx model/write-card.ts                             # this card
\`\`\`
`;
writeFileSync(here('./MODEL_CARD.md'), card);

// The README's Concord Mini section, between its markers, from the same figures.
const readmePath = here('../README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- concord-mini:start -->';
const end = '<!-- concord-mini:end -->';
const section = `${start}
\`model/concord-mini.gguf\` (${(training.ggufBytes / 2 ** 20).toFixed(1)} MiB) is the default model of every command: a PaLM-style decoder (llama
architecture: SwiGLU, rotary embeddings, RMSNorm, multi-query attention, tied embeddings, no biases), ${c.dim} wide, ${c.layers} blocks,
${(training.parameters / 1e6).toFixed(2)} M parameters, a ${c.vocab.toLocaleString('en-US')}-token word-level SentencePiece vocabulary that llama.cpp tokenises exactly as the
training data was. Trained by \`npm run train:mini\` (TypeScript task generators → Debian's PyTorch on the 2 CPU cores
→ GGUF by Concord's own writer) for ${(training.seconds / 60).toFixed(0)} minutes, ${training.steps.toLocaleString('en-US')} steps, ${(training.tokens / 1e6).toFixed(1)} M tokens. llama.cpp's greedy output equals
PyTorch's on the parity prompts (log-probabilities within ${Math.max(...training.parity.map((p) => p.maxLogprobDiff)).toExponential(1)}). Architecture, data, the learning curve and
how to retrain: [\`model/MODEL_CARD.md\`](model/MODEL_CARD.md).

Accuracy on held-out synthetic items (\`npm run eval:mini\`; \`in\` = 2–3, within the training lengths 1–3; \`out\` = 4–5 words /
people / steps, never trained on):

${markdownTable(evaluation.cells, evaluation.temperature)}

Against the targets set for it:

${targetTable}

Chain of thought lifts multi-step arithmetic from ${(100 * cell('arithmetic', 'in').direct).toFixed(0)}% to ${(100 * cell('arithmetic', 'in').cot).toFixed(0)}%; self-consistency beats the greedy path by
${pts(sc16(cell('letters', 'in')) - cell('letters', 'in').cot)} points on letters and ${pts(sc16(cell('arithmetic', 'in')) - cell('arithmetic', 'in').cot)} on arithmetic, with accuracy rising with the vote share. Direct answering stays
best on letters (a per-token lookup with word tokens, ${(100 * cell('letters', 'in').direct).toFixed(0)}%), and lengths beyond training fail. The card says why
and what to try next.
${end}`;
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < 0) throw new Error('README.md has no concord-mini markers');
writeFileSync(readmePath, readme.slice(0, from) + section + readme.slice(to + end.length));
console.log('wrote model/MODEL_CARD.md, model/learning-curve.svg and the README section');
