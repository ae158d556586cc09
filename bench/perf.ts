// The performance figures of "many paths for the price of few" (README: Benchmarks). Each is a ratio or a count
// measured in this run against a baseline measured in the same run (../shared/design/benchmarking.md).
import { getLlama, LlamaLogLevel, type LlamaContextSequence, type Token } from 'node-llama-cpp';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LlamaModel } from '../src/backends/llama/index.js';
import { serializeSampling } from '../src/backends/llama/serial-sampling.js';
import { defaultFlashAttention } from '../src/backends/llama/threads.js';
import { OpenAIModel } from '../src/backends/openai/index.js';
import { bundledModelPath } from '../src/backends/index.js';
import { buildFewShotPrompt, loadExemplarSet } from '../src/prompts/index.js';
import { answer, selfConsistency } from '../src/strategies/index.js';
import { generateItems } from '../src/tasks/synthetic/index.js';
import { startOpenAIFixture } from '../test/fixtures/openai-server.js';
import { ensureBenchModel } from './bench-model.js';
import { figure, type Figure } from './figures.js';
import { median } from './machine.js';

const GSM8K = fileURLToPath(new URL('../../shared/datasets/gsm8k/test.jsonl', import.meta.url));
const FALLBACK_QUESTIONS = [
  "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
  'A robe takes 2 bolts of blue fiber and half that much white fiber. How many bolts in total does it take?',
  'Josh decides to try flipping a house. He buys a house for $80,000 and then puts in $50,000 in repairs. This increased the value of the house by 150%. How much profit did he make?',
];

/** The first GSM8K test questions where the data set is beside the checkout, else the same three written here. */
function gsm8kQuestions(): string[] {
  try {
    return readFileSync(GSM8K, 'utf8').trim().split('\n').slice(0, 3).map((line) => (JSON.parse(line) as { question: string }).question);
  } catch {
    return FALLBACK_QUESTIONS;
  }
}

const K = 16;
const SAMPLING = { temperature: 0.7, topK: 40, topP: 1 } as const;

/** k independent generations that each evaluate the whole prompt, straight on node-llama-cpp (no Concord code). */
async function naiveGenerations(sequences: readonly LlamaContextSequence[], prompt: readonly Token[], maxTokens: number, seed: number): Promise<number> {
  const run = async (sequence: LlamaContextSequence, i: number): Promise<number> => {
    await sequence.clearHistory();
    let n = 0;
    for await (const _ of sequence.evaluate(prompt as Token[], { ...SAMPLING, seed: seed + i })) if (++n >= maxTokens) break;
    return n;
  };
  const started = performance.now();
  if (sequences.length === 1) {
    for (let i = 0; i < K; i++) await run(sequences[0] as LlamaContextSequence, i);
  } else {
    await Promise.all(sequences.map(run));
  }
  return (performance.now() - started) / 1000;
}

/** Targets 1 and 2 on the 0.36 B-shaped model: the prefix evaluated once, and decoding at llama.cpp's own limit. */
export async function bigModelFigures(): Promise<Figure[]> {
  const questions = gsm8kQuestions();
  const path = await ensureBenchModel(questions);
  const set = await loadExemplarSet('wei2022-math-annotator-a');
  const prompts = questions.map((q) => buildFewShotPrompt(set, q, { style: 'cot' }));
  const maxTokens = 24;
  const figures: Figure[] = [];

  // Concord: self-consistency, k = 16, the prompt prefix evaluated once and shared; later questions reuse the exemplars.
  const model = await LlamaModel.load({ model: path, sequences: K, contextSize: 1400, threads: 'auto' });
  const promptTokens = model.tokenize(prompts[0] as string);
  const questionTokens = questions.map((q) => model.tokenize(`Q: ${q}\nA:`).length - 1);
  const concordSeconds: number[] = [];
  const evaluatedPerQuestion: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    await answer(selfConsistency, model, { text: question, answer: { type: 'number' } }, { paths: K, maxTokens, exemplars: 'wei2022-math-annotator-a', seed: 1, stop: ['Q:'] });
    concordSeconds.push((performance.now() - started) / 1000);
    evaluatedPerQuestion.push(model.stats.promptTokensEvaluated);
  }
  const threads = model.threads;
  await model.dispose();

  // The naive baselines on a fresh context: batched (16 sequences at once) and sequential (one sequence, 16 times).
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const native = await llama.loadModel({ modelPath: path });
  const rawPrompt = [native.tokens.bos as Token, ...native.tokenize(prompts[0] as string, false)];
  const batchedContext = await native.createContext({ sequences: K, contextSize: 1400, threads });
  const batchedSequences = Array.from({ length: K }, () => batchedContext.getSequence());
  const naiveBatched = await naiveGenerations(batchedSequences, rawPrompt, maxTokens, 1);

  await batchedContext.dispose();
  const sequentialContext = await native.createContext({ sequences: 1, contextSize: 1400, threads });
  const naiveSequential = await naiveGenerations([sequentialContext.getSequence()], rawPrompt, maxTokens, 1);
  await sequentialContext.dispose();
  await native.dispose();

  const naive = Math.min(naiveBatched, naiveSequential);
  const cold = concordSeconds[0] as number;
  figures.push(
    figure(
      'prefix once: SC@16 wall time / naive (0.36 B shape, GSM8K 8-shot)',
      cold / naive,
      '≤ 0.3',
      cold / naive <= 0.3,
      `first question ${cold.toFixed(1)} s vs naive ${naive.toFixed(1)} s (batched ${naiveBatched.toFixed(1)} s, sequential ${naiveSequential.toFixed(1)} s); prompt ${promptTokens.length} tokens, ${maxTokens} tokens per path; later questions ${median(concordSeconds.slice(1)).toFixed(1)} s`,
    ),
  );
  // Per later question: prompt tokens prefilled (all evaluated tokens but the one each path feeds at its first
  // decode step) over the question's own tokens.
  const prefillRatios = evaluatedPerQuestion.slice(1).map((evaluated, i) => (evaluated - K) / (questionTokens[i + 1] as number));
  const worst = Math.max(...prefillRatios);
  figures.push(
    figure(
      'prompt tokens prefilled per later question / its own tokens',
      worst,
      '≤ 1.1',
      worst <= 1.1,
      `worst of ${prefillRatios.length}: ${evaluatedPerQuestion.slice(1).map((e, i) => `${e - K} for ${questionTokens[i + 1]}`).join(', ')}; plus 1 token per path (${K}) fed at its first decode step, in the decode batch; first question ${evaluatedPerQuestion[0]} (naive: ${K * promptTokens.length})`,
    ),
  );

  // Target 2: Concord's decoding of 16 paths against node-llama-cpp's own, same model, context and threads.
  const decode = await decodeComparison(path, threads, 1400, 'Q: How many eggs', 32, { warmUp: 1, measured: 3 });
  figures.push(batchingFigure('0.36 B shape', decode));
  const kv = kvPerSequence({ blocks: 24, kvHeads: 2, headSize: 64 }, 1400);
  figures.push(figure('0.36 B shape: K-V cache per sequence (MiB, 1,400 tokens)', kv.perSequence / 2 ** 20, 'report', true, `${kv.perToken.toLocaleString('en-US')} bytes per token (f16 cache)`));
  return figures;
}

/**
 * Decoding of 16 paths, three ways, in alternating rounds after a warm-up (medians): Concord's
 * LlamaModel.generate; node-llama-cpp's own concurrent evaluation on a context with the same settings and its
 * sampling chained as Concord runs it (the correct limit: unchained, concurrent sampling reads other sequences'
 * logits); and node-llama-cpp as it ships, for reference.
 */
async function decodeComparison(path: string, threads: number, contextSize: number, promptText: string, tokens: number, rounds: { warmUp: number; measured: number }): Promise<DecodeComparison> {
  const model = await LlamaModel.load({ model: path, sequences: K, contextSize, threads });
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const native = await llama.loadModel({ modelPath: path });
  const flashAttention = defaultFlashAttention(native.size);
  const contextFor = async (chained: boolean): Promise<LlamaContextSequence[]> => {
    const context = await native.createContext({ sequences: K, contextSize, threads, ...(flashAttention === undefined ? {} : { flashAttention }) });
    if (chained) serializeSampling(context);
    return Array.from({ length: K }, () => context.getSequence());
  };
  const [serialSequences, concurrentSequences] = [await contextFor(true), await contextFor(false)];
  const prompt = [native.tokens.bos as Token, ...native.tokenize(promptText, false)];
  const rates = { concord: [] as number[], serial: [] as number[], concurrent: [] as number[] };
  for (let round = 0; round < rounds.warmUp + rounds.measured; round++) {
    const concord = await concordDecodeRound(model, promptText, tokens, round);
    // The same seeds as Concord's round: the same paths, so the same lengths and the same thinning of the batch.
    const serial = await decodeRate(serialSequences, prompt, tokens, 7 + round);
    const concurrent = await decodeRate(concurrentSequences, prompt, tokens, 7 + round);
    if (round < rounds.warmUp) continue; // warm-up: the JIT settles, the sequences hold the prompt
    rates.concord.push(concord);
    rates.serial.push(serial);
    rates.concurrent.push(concurrent);
  }
  await model.dispose();
  await native.dispose();
  return {
    concord: median(rates.concord),
    serial: median(rates.serial),
    concurrent: median(rates.concurrent),
    ratios: rates.concord.map((rate, i) => rate / (rates.serial[i] as number)),
  };
}

/** Medians of the measured rounds (tokens/s), and Concord's rate over node-llama-cpp's (chained) in each round. */
interface DecodeComparison {
  readonly concord: number;
  readonly serial: number;
  readonly concurrent: number;
  readonly ratios: readonly number[];
}

function batchingFigure(model: string, decode: DecodeComparison): Figure {
  const ratio = median(decode.ratios);
  return figure(
    `batching: Concord k = 16 decode tokens/s / node-llama-cpp's own (${model})`,
    ratio,
    '≥ 0.9',
    ratio >= 0.9,
    `median of ${decode.ratios.length} alternating rounds (${Math.min(...decode.ratios).toFixed(2)}–${Math.max(...decode.ratios).toFixed(2)}): ${decode.concord.toFixed(1)} vs ${decode.serial.toFixed(1)} tokens/s (sampling chained as Concord must; unchained, racy: ${decode.concurrent.toFixed(1)})`,
  );
}

/** Aggregate tokens/s of `sequences` decoding `tokens` each from `prompt`, straight on node-llama-cpp. */
async function decodeRate(sequences: readonly LlamaContextSequence[], prompt: readonly Token[], tokens: number, seed = 7): Promise<number> {
  // Prefill first (not timed); time the decoding from the first token out, as concordDecodeRound does.
  await Promise.all(sequences.map(async (s) => {
    await s.clearHistory();
    await s.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1) as Token[]);
  }));
  let firstToken: number | undefined;
  const counts = await Promise.all(
    sequences.map(async (sequence, i) => {
      let n = 0;
      for await (const _ of sequence.evaluate([prompt.at(-1) as Token], { ...SAMPLING, seed: seed + i })) {
        firstToken ??= performance.now();
        if (++n >= tokens) break;
      }
      return n;
    }),
  );
  const seconds = (performance.now() - (firstToken ?? performance.now())) / 1000;
  return (counts.reduce((a, b) => a + b, 0) - sequences.length) / seconds;
}

/**
 * One round of LlamaModel.generate decoding 16 paths, timed from its first token to its end (the first step's
 * tokens left out), as decodeRate times node-llama-cpp: decoding alone, the call's setup (prefix sharing, state
 * trimming) is in the prefix-once and strategy figures.
 */
async function concordDecodeRound(model: LlamaModel, prompt: string, tokens: number, round: number): Promise<number> {
  if (round === 0) for await (const _ of model.generate({ prompt, samples: K, ...SAMPLING, maxTokens: 1, seed: 1 })) void _;
  let firstToken: number | undefined;
  let n = 0;
  const onTextDelta = (): void => void (firstToken ??= performance.now());
  for await (const c of model.generate({ prompt, samples: K, ...SAMPLING, maxTokens: tokens, seed: 7 + round, onTextDelta })) n += c.outputTokens;
  return (n - K) / ((performance.now() - (firstToken ?? performance.now())) / 1000);
}

/** Targets 2–4 and 6 on Concord Mini. */
export async function miniFigures(): Promise<Figure[]> {
  const path = bundledModelPath();
  if (path === undefined) return [];
  const figures: Figure[] = [];
  const items = generateItems('arithmetic', 'in', { seed: 3, count: 12 });

  // Target 3: aggregate generation of 16 paths decoded together through generate() (48 tokens each).
  const decode = await decodeComparison(path, 1, 2048, 'Q: Tom has 5 apples.', 48, { warmUp: 3, measured: 9 });
  figures.push(figure('Concord Mini: k = 16 generated tokens/s', decode.concord, '≥ 3,000', decode.concord >= 3000, '16 paths of up to 48 tokens decoded together through LlamaModel.generate, 1 thread'));
  figures.push(batchingFigure('Concord Mini', decode));
  const model = await LlamaModel.load({ model: path, sequences: K });

  // The same through the whole strategy, and where one call's time goes.
  const profile = await strategyProfile(model, items.map((item) => item.question));
  figures.push(
    figure(
      'Concord Mini: SC@16 generated tokens/s through the strategy',
      profile.tokensPerSecond,
      'report',
      true,
      `${items.length} arithmetic questions, ${profile.tokensPerPath.toFixed(0)} tokens per path; of a call: prompt and prefix sharing ${pct(profile.toFirstToken)}, decoding while all 16 paths run ${pct(profile.allRunning)}, the tail after the first path ends ${pct(profile.tail)}, extraction and vote ${pct(profile.afterLast)}; decode batches per step of the longest path ${profile.batchesOverSteps.toFixed(2)}`,
    ),
  );


  // Target 4: early stopping cancels running paths; tokens generated with and without, same questions and seeds.
  const work = async (earlyStop: string | undefined): Promise<{ tokens: number; right: number }> => {
    const before = model.stats.tokensGenerated;
    let right = 0;
    for (const item of items) {
      const result = await answer(selfConsistency, model, { text: item.question, answer: { type: 'number' } }, { paths: K, exemplars: 'concord-arithmetic', seed: 9, ...(earlyStop === undefined ? {} : { earlyStop }) });
      if (result.answer === item.answer) right++;
    }
    return { tokens: model.stats.tokensGenerated - before, right };
  };
  const full = await work(undefined);
  const stopped = await work('beta:0.95');
  figures.push(
    figure(
      'early stop: tokens generated with beta:0.95 / without (SC@16, Concord Mini)',
      stopped.tokens / full.tokens,
      '< 1 (report)',
      stopped.tokens < full.tokens,
      `${stopped.tokens.toLocaleString('en-US')} vs ${full.tokens.toLocaleString('en-US')} tokens (cancelled paths' tokens counted); right ${stopped.right} vs ${full.right} of ${items.length}`,
    ),
  );

  // Target 5: one HTTP request per self-consistency call where the server takes `n`.
  const fixture = await startOpenAIFixture({ model, modelIds: ['concord-mini'] });
  const remote = new OpenAIModel({ baseURL: fixture.url, modelId: 'concord-mini' });
  await answer(selfConsistency, remote, { text: items[0]?.question as string, answer: { type: 'number' } }, { paths: K, exemplars: 'concord-arithmetic' });
  const requests = fixture.generationRequests().length;
  await remote.dispose();
  await fixture.close();
  figures.push(figure('OpenAI backend: HTTP requests per SC@16 call', requests, '1', requests === 1, 'against the loopback fixture server, which honours n'));

  // Target 6: resident memory with 16 sequences, and the K-V cache each sequence costs.
  const rss = process.memoryUsage().rss / 2 ** 20;
  figures.push(figure('Concord Mini: resident memory with 16 sequences (MiB)', rss, '< 1,024', rss < 1024, 'this process (Node, node-llama-cpp, the model, 16 sequences of 2,048 tokens)'));
  const kv = kvPerSequence({ blocks: 4, kvHeads: 1, headSize: 48 }, 2048);
  figures.push(figure('Concord Mini: K-V cache per sequence (MiB, 2,048 tokens)', kv.perSequence / 2 ** 20, 'report', true, `${kv.perToken.toLocaleString('en-US')} bytes per token (f16 cache)`));
  await model.dispose();
  return figures;
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/**
 * SC@16 through the strategy, timed from its events: until the first token (prompt, prefix sharing), while all
 * paths decode, the tail after the first path ends (paths have different lengths, so the batch thins), and after
 * the last path (extraction and the vote).
 */
async function strategyProfile(
  model: LlamaModel,
  questions: readonly string[],
): Promise<{ tokensPerSecond: number; tokensPerPath: number; toFirstToken: number; allRunning: number; tail: number; afterLast: number; batchesOverSteps: number }> {
  let tokens = 0;
  let total = 0;
  // Decode batches of each call over its longest path's tokens: 1 when the paths step together.
  let batches = 0;
  let steps = 0;
  const shares = { toFirstToken: 0, allRunning: 0, tail: 0, afterLast: 0 };
  for (const [round, text] of [questions[0] as string, ...questions].entries()) {
    const started = performance.now();
    let firstToken: number | undefined;
    let firstEnd: number | undefined;
    let lastEnd = started;
    let generated = 0;
    let longest = 0;
    for await (const event of selfConsistency.stream(model, { text, answer: { type: 'number' } }, { paths: K, exemplars: 'concord-arithmetic', seed: 5 })) {
      const now = performance.now();
      if (event.type === 'text-delta') firstToken ??= now;
      if (event.type === 'path-end') {
        firstEnd ??= now;
        lastEnd = now;
        generated += event.path.tokens;
        longest = Math.max(longest, event.path.tokens);
      }
    }
    if (round === 0) continue; // warm-up: the exemplars enter the sequences
    batches += model.stats.decodeBatches;
    steps += longest;
    const ended = performance.now();
    const first = firstToken ?? started;
    shares.toFirstToken += first - started;
    shares.allRunning += (firstEnd ?? first) - first;
    shares.tail += lastEnd - (firstEnd ?? first);
    shares.afterLast += ended - lastEnd;
    total += ended - started;
    tokens += generated;
  }
  return {
    tokensPerSecond: tokens / (total / 1000),
    tokensPerPath: tokens / (questions.length * K),
    toFirstToken: shares.toFirstToken / total,
    allRunning: shares.allRunning / total,
    tail: shares.tail / total,
    afterLast: shares.afterLast / total,
    batchesOverSteps: batches / steps,
  };
}

/** K-V cache bytes per token and per sequence: 2 (K and V) × blocks × K-V heads × head size × 2 bytes (f16 cache). */
export function kvPerSequence(shape: { blocks: number; kvHeads: number; headSize: number }, contextSize: number): { perToken: number; perSequence: number } {
  const perToken = 2 * shape.blocks * shape.kvHeads * shape.headSize * 2;
  return { perToken, perSequence: perToken * contextSize };
}
