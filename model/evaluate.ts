// The Concord Mini accuracy table: for each synthetic task and split, direct few-shot, greedy chain-of-thought,
// zero-shot CoT and self-consistency (k = 1, 2, 4, 8, 16 estimated from 16 sampled paths), plus calibration.
// Usage: tsx model/evaluate.ts [--model model/concord-mini.gguf] [--items 200] [--tasks letters,coin-flip] [--out model/eval-results.json]
//        tsx model/evaluate.ts --merge a.json,b.json [--out model/eval-results.json]
// The tiny model runs on one thread, so two processes with different --tasks use both cores; --merge joins them.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LlamaModel } from '../src/backends/llama/index.js';
import { gradeAnswer } from '../src/answers/index.js';
import { answer, chainOfThought, direct, selfConsistency, zeroShotCot } from '../src/strategies/index.js';
import { generateItems, type SyntheticItem, type SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import type { AnswerSpec } from '../src/spec/answer.js';
import { BUNDLED_MODEL_PATH } from '../src/backends/bundled-model.js';
import { resolveTask } from '../src/tasks/index.js';
import { computeMetrics, itemSeed, type Calibration, type ScoredItem } from '../src/eval/index.js';

/** The exemplar set of each synthetic task, as the harness's task registry has it. */
export const TASK_EXEMPLAR_SETS: Readonly<Record<SyntheticTaskName, string>> = Object.fromEntries(
  (['letters', 'coin-flip', 'arithmetic'] as const).map((name) => [name, String(resolveTask(name).exemplars)]),
) as Record<SyntheticTaskName, string>;
export const SC_KS = [1, 2, 4, 8, 16] as const;
const SYNTHETIC_TASKS: readonly SyntheticTaskName[] = ['letters', 'coin-flip', 'arithmetic'];

export interface CellResult {
  readonly task: SyntheticTaskName;
  readonly split: 'in' | 'out';
  readonly items: number;
  readonly direct: number;
  readonly cot: number;
  readonly zeroShotCot: number;
  /** maj@k for k in SC_KS: the exact expectation over k-subsets of the 16 sampled paths (src/eval/metrics.ts). */
  readonly selfConsistency: Readonly<Record<string, number>>;
  /** pass@16: the right answer was among the 16 paths. */
  readonly anyOf16: number;
  /** Of SC@16, by vote share of the winning answer. */
  readonly calibration: Calibration;
  readonly seconds: number;
}

export interface EvaluateOptions {
  readonly model: string;
  /** @default all three */
  readonly tasks?: readonly SyntheticTaskName[];
  readonly items: number;
  readonly temperature: number;
  readonly seed: number;
  readonly onCell?: (cell: CellResult) => void;
}

function specOf(item: SyntheticItem): AnswerSpec {
  return { type: item.answerType };
}

export async function evaluateConcordMini(options: EvaluateOptions): Promise<CellResult[]> {
  const model = await LlamaModel.load({ model: options.model, sequences: 16, contextSize: 1536 });
  const cells: CellResult[] = [];
  try {
    for (const task of options.tasks ?? SYNTHETIC_TASKS) {
      for (const split of ['in', 'out'] as const) {
        const started = performance.now();
        const items = generateItems(task, split, { seed: options.seed, count: options.items });
        const exemplars = TASK_EXEMPLAR_SETS[task];
        let directRight = 0;
        let cotRight = 0;
        let zsRight = 0;
        const sampled: ScoredItem[] = [];
        for (const [position, item] of items.entries()) {
          const question = { text: item.question, answer: specOf(item) };
          const right = (a: string | null): boolean => gradeAnswer(a, item.answer, question.answer);
          if (right((await answer(direct, model, question, { exemplars })).answer)) directRight++;
          if (right((await answer(chainOfThought, model, question, { exemplars, maxTokens: 200 })).answer)) cotRight++;
          if (right((await answer(zeroShotCot, model, question, { maxReasoningTokens: 200 })).answer)) zsRight++;
          const sc = await answer(selfConsistency, model, question, { exemplars, paths: 16, temperature: options.temperature, maxTokens: 200, seed: itemSeed(options.seed, position) });
          sampled.push({
            id: item.id,
            gold: item.answer,
            spec: question.answer,
            paths: sc.paths.map((p) => ({ answer: p.answer, tokens: p.tokens })),
            voted: sc.answer,
            correct: right(sc.answer),
            confidence: sc.confidence,
            seconds: sc.usage.seconds,
            inputTokens: sc.usage.inputTokens,
            outputTokens: sc.usage.outputTokens,
          });
        }
        const n = items.length;
        const metrics = computeMetrics(sampled, { ks: [...SC_KS] });
        const cell: CellResult = {
          task,
          split,
          items: n,
          direct: directRight / n,
          cot: cotRight / n,
          zeroShotCot: zsRight / n,
          selfConsistency: metrics.majAtK,
          anyOf16: metrics.passAtK['16'] ?? 0,
          calibration: metrics.calibration,
          seconds: (performance.now() - started) / 1000,
        };
        cells.push(cell);
        options.onCell?.(cell);
      }
    }
  } finally {
    await model.dispose();
  }
  return cells;
}

const pct = (x: number): string => (100 * x).toFixed(1);

function parseTasks(list: string): SyntheticTaskName[] {
  const names = list.split(',');
  const unknown = names.filter((n) => !(SYNTHETIC_TASKS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`--tasks: unknown ${unknown.join(', ')}; the tasks are ${SYNTHETIC_TASKS.join(', ')}`);
  return names as SyntheticTaskName[];
}

export function markdownTable(cells: readonly CellResult[], temperature: number): string {
  const lines = [
    `| task | split | N | direct | CoT (greedy) | zero-shot CoT | ${SC_KS.map((k) => `SC@${k}`).join(' | ')} | right among 16 |`,
    `|---|---|---|---|---|---|${SC_KS.map(() => '---').join('|')}|---|`,
  ];
  for (const c of cells) {
    lines.push(`| ${c.task} | ${c.split} | ${c.items} | ${pct(c.direct)} | ${pct(c.cot)} | ${pct(c.zeroShotCot)} | ${SC_KS.map((k) => pct(c.selfConsistency[String(k)] ?? 0)).join(' | ')} | ${pct(c.anyOf16)} |`);
  }
  lines.push('', `Accuracy in %. Self-consistency: majority vote over k paths sampled at T ${temperature}, top-k 40.`);
  return lines.join('\n');
}

export function calibrationTable(cells: readonly CellResult[]): string {
  const buckets = cells[0]?.calibration.buckets.map((b) => b.label) ?? [];
  const lines = [`| task | split | ${buckets.join(' | ')} | ECE |`, `|---|---|${buckets.map(() => '---').join('|')}|---|`];
  for (const c of cells) {
    lines.push(`| ${c.task} | ${c.split} | ${c.calibration.buckets.map((b) => (b.accuracy === null ? '–' : `${pct(b.accuracy)} (${b.items})`)).join(' | ')} | ${c.calibration.ece.toFixed(3)} |`);
  }
  lines.push('', 'Accuracy of SC@16 per vote-share bucket of the winning answer (items in brackets); ECE weights each bucket by its items.');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: BUNDLED_MODEL_PATH },
      items: { type: 'string', default: '200' },
      temperature: { type: 'string', default: '0.7' },
      seed: { type: 'string', default: '7' },
      tasks: { type: 'string' },
      merge: { type: 'string' },
      out: { type: 'string', default: 'model/eval-results.json' },
    },
  });
  let temperature = Number(values.temperature);
  let cells: CellResult[];
  let model = values.model;
  if (values.merge !== undefined) {
    const parts = values.merge.split(',').map((file) => JSON.parse(readFileSync(file, 'utf8')) as { model: string; temperature: number; cells: CellResult[] });
    cells = SYNTHETIC_TASKS.flatMap((task) => parts.flatMap((p) => p.cells.filter((c) => c.task === task)));
    temperature = parts[0]?.temperature ?? temperature;
    model = parts[0]?.model ?? model;
  } else {
    cells = await evaluateConcordMini({
      model,
      items: Number(values.items),
      temperature,
      seed: Number(values.seed),
      ...(values.tasks === undefined ? {} : { tasks: parseTasks(values.tasks) }),
      onCell: (c) => console.error(`${c.task} ${c.split}: direct ${pct(c.direct)} cot ${pct(c.cot)} zs ${pct(c.zeroShotCot)} sc16 ${pct(c.selfConsistency['16'] ?? 0)} (${c.seconds.toFixed(0)} s)`),
    });
  }
  writeFileSync(values.out, JSON.stringify({ model: relative(process.cwd(), model), temperature, cells }, null, 1));
  console.log(markdownTable(cells, temperature));
  console.log();
  console.log(calibrationTable(cells));
}
