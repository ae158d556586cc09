// How fast `score` is on a GSM8K-sized recording: 1,319 items × 40 samples, generated in memory, scored end to end
// (answer extraction from every text, the vote, maj@k for k = 1..40 and pass@k). Target: well under a second.
// Run: npx tsx bench/score-speed.ts
import { pathToFileURL } from 'node:url';
import type { RecordedQuestion } from '../src/eval/recorded.js';
import { scoreRecorded } from '../src/eval/score.js';
import { seededRandom } from '../src/answers/stopping.js';
import { machineLine, median } from './machine.js';

const ITEMS = 1319;
const SAMPLES = 40;
const KS = Array.from({ length: SAMPLES }, (_, i) => i + 1);

/** GSM8K-like chains of thought: each item has its own chance of a right path, a few wrong answers, some rambling. */
export function gsm8kLikeRecords(items = ITEMS, samples = SAMPLES, seed = 1): RecordedQuestion[] {
  const random = seededRandom(seed);
  return Array.from({ length: items }, (_, i) => {
    const gold = 10 + Math.floor(random() * 990);
    const skill = random();
    const wrong = [gold + 1, gold * 2, Math.max(0, gold - 7)];
    return {
      id: `gsm8k-${i}`,
      question: `Question ${i}: how many eggs does Janet sell?`,
      answer: String(gold),
      answerType: 'number',
      samples: Array.from({ length: samples }, (_, s) => {
        const roll = random();
        const answer = roll < skill ? gold : roll < 0.97 ? wrong[s % wrong.length] : null;
        const steps = `Janet has ${gold + 3} eggs. She eats 3 for breakfast and bakes ${s % 5} muffins, so ${gold + 3} - 3 = ${gold}.`;
        const text = answer === null ? `${steps} I am not sure what is left.` : `${steps} The answer is ${answer}.`;
        return { text, tokens: 40 + (s % 9), logprob: -20 - random() * 10 };
      }),
    };
  });
}

export interface ScoreSpeed {
  readonly items: number;
  readonly samples: number;
  /** Median seconds of the timed runs. */
  readonly seconds: number;
  readonly runs: readonly number[];
  readonly accuracy: number;
}

export async function runScoreSpeed(options: { readonly repeats?: number } = {}): Promise<ScoreSpeed> {
  const records = gsm8kLikeRecords();
  scoreRecorded(records, { ks: KS }); // warm-up: JIT, and the Pascal triangle
  const runs: number[] = [];
  let accuracy = 0;
  for (let r = 0; r < (options.repeats ?? 3); r++) {
    const start = performance.now();
    accuracy = scoreRecorded(records, { ks: KS }).accuracy;
    runs.push((performance.now() - start) / 1000);
  }
  const result = { items: ITEMS, samples: SAMPLES, seconds: median(runs), runs, accuracy };
  console.log(`score speed · ${machineLine(1)}`);
  console.log(
    `${ITEMS} items × ${SAMPLES} samples: extract + vote + maj@1..${SAMPLES} + pass@k in ${result.seconds.toFixed(3)} s ` +
      `(median of ${runs.length}: ${runs.map((s) => s.toFixed(3)).join(', ')}; accuracy ${(accuracy * 100).toFixed(1)}%)`,
  );
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runScoreSpeed();
