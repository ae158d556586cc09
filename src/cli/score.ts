import { Command, Option } from 'commander';
import type { AnswerType } from '../spec/answer.js';
import type { Aggregation } from '../spec/answer.js';
import { readRecorded, scoreRecorded, type ScoreResult } from '../eval/index.js';
import { wholeNumber } from './parse.js';

interface ScoreFlags {
  answerType?: AnswerType;
  vote: Aggregation;
  k?: number[];
  stop?: string;
  orders?: number;
  seed?: number;
  json?: boolean;
}

export function scoreCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  return new Command('score')
    .description('Score recorded generations offline: extract each sample\'s answer, vote, maj@k / pass@k, and simulate early stopping (README: "concord score")')
    .argument('<file>', 'recorded JSONL, one question per line (concord eval --export writes it)')
    .addOption(new Option('-a, --answer-type <type>', "grade every record as this type instead of the file's").choices(['number', 'choice', 'yes-no', 'text', 'math']))
    .addOption(new Option('--vote <rule>', 'how samples vote').choices(['majority', 'weighted-mean', 'weighted-sum']).default('majority'))
    .option('--k <list>', 'the k of maj@k and pass@k, e.g. 1,5,10,20,40 (default: every k)', kList)
    .option('--stop <rule>', 'simulate an early-stopping rule: beta:0.95, dirichlet:0.95, window:5 or fixed:10')
    .option('--orders <n>', 'random sample orders simulated besides the recorded one (default 10)', wholeNumber(0))
    .option('--seed <n>', 'seed of the random orders (default 0)', wholeNumber(0))
    .option('--json', 'print one JSON object')
    .action((file: string, flags: ScoreFlags) => run(() => score(file, flags)));
}

function kList(value: string): number[] {
  return value.split(',').map((part) => wholeNumber(1)(part.trim()));
}

async function score(file: string, flags: ScoreFlags): Promise<void> {
  const records = await readRecorded(file);
  const result = scoreRecorded(records, {
    vote: flags.vote,
    ...(flags.answerType === undefined ? {} : { answerType: flags.answerType }),
    ...(flags.k === undefined ? {} : { ks: flags.k }),
    ...(flags.stop === undefined ? {} : { stop: flags.stop }),
    ...(flags.orders === undefined ? {} : { orders: flags.orders }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(scoreJson(result))}\n`);
  else process.stdout.write(`${scoreText(file, result)}\n`);
}

function scoreJson(result: ScoreResult): Record<string, unknown> {
  return {
    items: result.items,
    accuracy: result.accuracy,
    ci95: result.ci95,
    abstentionRate: result.abstentionRate,
    majAtK: result.majAtK,
    passAtK: result.passAtK,
    ...(result.tokensPerItem === undefined ? {} : { tokensPerItem: result.tokensPerItem }),
    ...(result.stop === undefined ? {} : { stop: { rule: result.stop.rule, accuracy: result.stop.accuracy, meanSamples: result.stop.meanSamples, orders: result.stop.orders } }),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function scoreText(file: string, r: ScoreResult): string {
  const lines = [
    `${file}: ${r.items} items`,
    `accuracy (vote over all samples) ${pct(r.accuracy)}  95% CI ${pct(r.ci95[0])}–${pct(r.ci95[1])}  abstained ${pct(r.abstentionRate)}`,
    `maj@k  ${Object.entries(r.majAtK).map(([k, v]) => `${k}: ${pct(v)}`).join('  ')}`,
    `pass@k ${Object.entries(r.passAtK).map(([k, v]) => `${k}: ${pct(v)}`).join('  ')}`,
  ];
  if (r.tokensPerItem !== undefined) lines.push(`tokens per item ${r.tokensPerItem.toFixed(0)}`);
  if (r.stop) lines.push(`stop ${r.stop.rule}: accuracy ${pct(r.stop.accuracy)} with ${r.stop.meanSamples.toFixed(2)} samples per item on average (${r.stop.orders} orders)`);
  return lines.join('\n');
}
