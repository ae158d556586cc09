// Universal self-consistency and least-to-most on Concord Mini, beside the baselines they succeed: USC@k vs SC@k
// (majority) on the same k sampled chain-of-thought paths, and least-to-most vs greedy chain-of-thought.
// Usage: tsx model/evaluate-successors.ts [--model model/concord-mini.gguf] [--items 50] [--paths 8] [--tasks letters,arithmetic] [--out file.json]
// Concord Mini was trained only on direct, chain-of-thought and zero-shot-CoT formats: it has never seen the USC
// selection prompt nor either least-to-most stage, so this measures what the methods do to a model that cannot
// follow them, not what they do for a model that can.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LlamaModel } from '../src/backends/llama/index.js';
import { BUNDLED_MODEL_PATH } from '../src/backends/bundled-model.js';
import { gradeAnswer } from '../src/answers/index.js';
import { itemSeed } from '../src/eval/index.js';
import { answer, chainOfThought, leastToMost, selfConsistency, universalSelfConsistency } from '../src/strategies/index.js';
import { generateItems, type SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import { TASK_EXEMPLAR_SETS } from './evaluate.js';

interface Row {
  readonly task: SyntheticTaskName;
  readonly items: number;
  readonly cot: number;
  /** Mean share of right paths among the k sampled: the accuracy of choosing one path at random. */
  readonly randomPath: number;
  readonly sc: number;
  /** fallback 'majority' (the default). */
  readonly usc: number;
  /** fallback 'none': the selection call on every item, as the paper. */
  readonly uscPure: number;
  /** Of the pure runs: the selection named a response (in range). */
  readonly uscParsed: number;
  /** Of the default runs: items where the selection call was made. */
  readonly uscCalled: number;
  readonly l2m: number;
  /** Items whose decomposition gave a usable sub-problem. */
  readonly l2mParsed: number;
  readonly l2mSubquestions: number;
  readonly seconds: number;
}

async function evaluate(modelFile: string, tasks: readonly SyntheticTaskName[], count: number, k: number, seed: number): Promise<Row[]> {
  const model = await LlamaModel.load({ model: modelFile, sequences: k, contextSize: 2048 });
  const rows: Row[] = [];
  try {
    for (const task of tasks) {
      const started = performance.now();
      const items = generateItems(task, 'in', { seed, count });
      const exemplars = TASK_EXEMPLAR_SETS[task];
      const tally = { cot: 0, randomPath: 0, sc: 0, usc: 0, uscPure: 0, uscParsed: 0, uscCalled: 0, l2m: 0, l2mParsed: 0, l2mSubquestions: 0 };
      for (const [position, item] of items.entries()) {
        const question = { text: item.question, answer: { type: item.answerType } };
        const right = (a: string | null): number => (gradeAnswer(a, item.answer, question.answer) ? 1 : 0);
        const sampling = { exemplars, paths: k, temperature: 0.7, maxTokens: 200, seed: itemSeed(seed, position) };
        tally.cot += right((await answer(chainOfThought, model, question, { exemplars, maxTokens: 200 })).answer);
        const sc = await answer(selfConsistency, model, question, sampling);
        tally.sc += right(sc.answer);
        tally.randomPath += sc.paths.filter((p) => right(p.answer) === 1).length / sc.paths.length;
        const usc = await answer(universalSelfConsistency, model, question, sampling);
        tally.usc += right(usc.answer);
        if (usc.settings.selection !== 'majority') tally.uscCalled++;
        const pure = await answer(universalSelfConsistency, model, question, { ...sampling, fallback: 'none' });
        tally.uscPure += right(pure.answer);
        if (pure.settings.selectedIndex !== null) tally.uscParsed++;
        const l2m = await answer(leastToMost, model, question, {});
        tally.l2m += right(l2m.answer);
        const [record] = l2m.settings.decompositions as { parsed: boolean; subquestions: unknown[] }[];
        if (record?.parsed === true) tally.l2mParsed++;
        tally.l2mSubquestions += record?.subquestions.length ?? 0;
      }
      const n = items.length;
      const row: Row = {
        task,
        items: n,
        ...(Object.fromEntries(Object.entries(tally).map(([key, value]) => [key, key === 'l2mSubquestions' ? value / n : value / n])) as typeof tally),
        seconds: (performance.now() - started) / 1000,
      };
      rows.push(row);
      console.error(`${task}: ${JSON.stringify(row)}`);
    }
  } finally {
    await model.dispose();
  }
  return rows;
}

const pct = (x: number): string => (100 * x).toFixed(1);

export function successorsTable(rows: readonly Row[], k: number): string {
  return [
    `| task | N | CoT (greedy) | least-to-most | one path at random | SC@${k} | USC@${k} | USC@${k}, always selecting |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.task} | ${r.items} | ${pct(r.cot)} | ${pct(r.l2m)} | ${pct(r.randomPath)} | ${pct(r.sc)} | ${pct(r.usc)} | ${pct(r.uscPure)} |`),
    '',
    `| task | USC: selection call made | USC always selecting: a response named | L2M: decomposition usable | L2M: sub-questions per item |`,
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.task} | ${pct(r.uscCalled)}% | ${pct(r.uscParsed)}% | ${pct(r.l2mParsed)}% | ${r.l2mSubquestions.toFixed(2)} |`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: BUNDLED_MODEL_PATH },
      items: { type: 'string', default: '50' },
      paths: { type: 'string', default: '8' },
      seed: { type: 'string', default: '7' },
      tasks: { type: 'string', default: 'letters,arithmetic' },
      out: { type: 'string' },
    },
  });
  const k = Number(values.paths);
  const rows = await evaluate(values.model, values.tasks.split(',') as SyntheticTaskName[], Number(values.items), k, Number(values.seed));
  if (values.out !== undefined) writeFileSync(values.out, JSON.stringify({ paths: k, seed: Number(values.seed), rows }, null, 1));
  console.log(successorsTable(rows, k));
}
