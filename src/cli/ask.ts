import { Command, Option } from 'commander';
import { z } from 'zod';
import type { AnswerSpec, AnswerType } from '../spec/answer.js';
import type { LanguageModel } from '../spec/model.js';
import type { ReasoningResult } from '../spec/result.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { openModel } from '../backends/index.js';
import { inferAnswerSpec } from '../answers/index.js';
import { exemplarAnswerType, exemplarSetFor, loadExemplarSet } from '../prompts/index.js';
import { resolveStrategy, strategies, type AnyStrategy, type Question } from '../strategies/index.js';
import { collect, decimal, letters, threadCount, wholeNumber } from './parse.js';
import { renderHuman, toAskJson } from './render.js';
import type { FlagNames } from './errors.js';

interface AskFlags {
  model?: string;
  modelId?: string;
  endpoint?: 'completions' | 'chat';
  apiKey?: string;
  strategy: string;
  base?: string;
  paths?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  seed?: number;
  aggregation?: string;
  exemplars?: string;
  answerType: AnswerType | 'auto';
  choices?: string[];
  chat?: boolean;
  logprobs?: boolean;
  threads?: number | 'auto';
  sequences?: number;
  contextSize?: number;
  json?: boolean;
  full?: boolean;
}

/** Strategy option ← the flag that sets it; also maps error paths back to flags. */
const OPTION_FLAGS = {
  base: '--base',
  paths: '--paths',
  temperature: '--temperature',
  topK: '--top-k',
  topP: '--top-p',
  maxTokens: '--max-tokens',
  maxReasoningTokens: '--max-tokens',
  stop: '--stop',
  seed: '--seed',
  aggregation: '--aggregation',
  exemplars: '--exemplars',
  chat: '--chat',
  logprobs: '--logprobs',
} as const satisfies FlagNames;

export const ASK_FLAGS: FlagNames = { ...OPTION_FLAGS, modelId: '--model-id', endpoint: '--endpoint', apiKey: '--api-key', model: '--model', 'question.text': 'question' };

export function askCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  return new Command('ask')
    .description('Answer one question with a reasoning strategy and show every path, the vote and the answer (README: "concord ask")')
    .argument('<question>', 'the question, formatted as the exemplars format theirs')
    .option('-m, --model <model>', 'GGUF file, hf: URI, or OpenAI-compatible base URL (default: $CONCORD_MODEL, else the bundled model)')
    .option('--model-id <id>', 'model id on an OpenAI-compatible server (default: its only model)')
    .addOption(new Option('--endpoint <endpoint>', 'OpenAI-compatible endpoint').choices(['completions', 'chat']))
    .option('--api-key <key>', 'API key for the server (default: $CONCORD_OPENAI_API_KEY or $OPENAI_API_KEY)')
    .option('-s, --strategy <name>', `one of ${strategies.map((s) => s.name).join(', ')}`, 'self-consistency')
    .addOption(new Option('--base <strategy>', 'self-consistency: the method sampled').choices(['chain-of-thought', 'zero-shot-cot']))
    .option('-k, --paths <n>', 'self-consistency: paths to sample (default 16)', wholeNumber(1))
    .option('-t, --temperature <t>', 'self-consistency: sampling temperature (default 0.7)', decimal(0, 10))
    .option('--top-k <n>', 'self-consistency: top-k, 0 = off (default 40)', wholeNumber(0))
    .option('--top-p <p>', 'self-consistency: nucleus sampling, 1 = off (default 1)', decimal(0, 1))
    .addOption(new Option('--aggregation <rule>', 'self-consistency: how paths vote (default majority)').choices(['majority', 'weighted-mean', 'weighted-sum']))
    .option('--max-tokens <n>', 'most tokens per path (zero-shot-cot: per reasoning)', wholeNumber(1))
    .option('--stop <text>', 'stop sequence (repeatable; default: the exemplars\' stops)', collect)
    .option('--seed <n>', 'base seed; path i uses seed + i (default 0)', wholeNumber(0))
    .option('-e, --exemplars <set>', 'exemplar set id (e.g. wei2022-math-annotator-a) or a .json file')
    .addOption(new Option('-a, --answer-type <type>', 'answer type; auto guesses from the question').choices(['auto', 'number', 'choice', 'yes-no', 'text']).default('auto'))
    .option('--choices <letters>', 'option letters for --answer-type choice, e.g. A-E (default: the letters in the question)', letters)
    .option('--chat', 'send few-shot exemplars as chat turns')
    .option('--logprobs', 'record each path\'s log-probability')
    .option('--threads <n>', 'llama.cpp CPU threads, or auto (default: by model size)', threadCount)
    .option('--sequences <n>', 'paths decoded together (llama.cpp sequences / concurrent HTTP requests)', wholeNumber(1))
    .option('--context-size <n>', 'llama.cpp tokens per sequence (default 2048)', wholeNumber(32))
    .option('--json', 'print one JSON object (answer, confidence, votes, paths, usage, settings)')
    .option('--full', 'print each path whole instead of abridged')
    .action((question: string, flags: AskFlags) => run(() => ask(question, flags)));
}

async function ask(questionText: string, flags: AskFlags): Promise<void> {
  const strategy = resolveStrategy(flags.strategy);
  const options = strategyOptions(strategy, flags);
  const question: Question = { text: questionText, answer: await answerSpec(questionText, flags) };
  if (usesExemplars(strategy, options) && options.exemplars === undefined) options.exemplars = exemplarSetFor(questionText, question.answer.type);
  await checkExemplarsFit(strategy, question.answer, options);

  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  let model: LanguageModel | undefined;
  try {
    model = await openModel({
      ...(flags.model === undefined ? {} : { model: flags.model }),
      ...(flags.modelId === undefined ? {} : { modelId: flags.modelId }),
      ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }),
      ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
      ...(flags.threads === undefined ? {} : { threads: flags.threads }),
      ...(flags.sequences === undefined ? {} : { sequences: flags.sequences }),
      ...(flags.contextSize === undefined ? {} : { contextSize: flags.contextSize }),
      signal: controller.signal,
    });
    const result = await runWithProgress(strategy, model, question, options, controller.signal, !flags.json);
    if (flags.json) process.stdout.write(`${JSON.stringify(toAskJson(result))}\n`);
    else process.stdout.write(`${renderHuman(questionText, result, { abridge: flags.full ? 0 : 100, width: process.stdout.columns ?? 80 })}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    await model?.dispose();
  }
}

/** Runs the strategy; on a terminal, shows how many paths have finished on stderr while it works. */
async function runWithProgress(
  strategy: AnyStrategy,
  model: LanguageModel,
  question: Question,
  options: Record<string, unknown>,
  signal: AbortSignal,
  showProgress: boolean,
): Promise<ReasoningResult> {
  const tty = showProgress && process.stderr.isTTY;
  let started = 0;
  let ended = 0;
  let result: ReasoningResult | undefined;
  for await (const event of strategy.stream(model, question, options, signal)) {
    if (event.type === 'path-start') started++;
    else if (event.type === 'path-end') ended++;
    else if (event.type === 'end') result = event.result;
    if (tty && (event.type === 'path-start' || event.type === 'path-end')) process.stderr.write(`\rpaths finished: ${ended}/${started} `);
  }
  if (tty) process.stderr.write('\r\x1b[K');
  if (result === undefined) throw new Error(`strategy ${strategy.name} ended without a result`);
  return result;
}

/** The strategy's options from the flags given; a flag the strategy does not take is an error naming it. */
function strategyOptions(strategy: AnyStrategy, flags: AskFlags): Record<string, unknown> {
  const accepted = strategy.optionsSchema instanceof z.ZodObject ? new Set(Object.keys(strategy.optionsSchema.shape)) : undefined;
  const reasoningLimit = strategy.name === 'zero-shot-cot' || (strategy.name === 'self-consistency' && flags.base === 'zero-shot-cot');
  const given: Record<string, unknown> = {
    base: flags.base,
    paths: flags.paths,
    temperature: flags.temperature,
    topK: flags.topK,
    topP: flags.topP,
    aggregation: flags.aggregation,
    [reasoningLimit ? 'maxReasoningTokens' : 'maxTokens']: flags.maxTokens,
    stop: flags.stop,
    seed: flags.seed,
    exemplars: flags.exemplars,
    chat: flags.chat,
    logprobs: flags.logprobs,
  };
  const options: Record<string, unknown> = {};
  const misplaced: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (accepted && !accepted.has(key)) misplaced.push(key);
    else options[key] = value;
  }
  if (misplaced.length > 0) {
    throw new InvalidArgumentError(
      misplaced.map((key) => ({
        path: [key],
        message: `does not apply to --strategy ${strategy.name} (it applies to ${strategiesTaking(key).join(', ') || 'no strategy'})`,
      })),
    );
  }
  return options;
}

function strategiesTaking(key: string): string[] {
  return strategies.filter((s) => s.optionsSchema instanceof z.ZodObject && key in s.optionsSchema.shape).map((s) => s.name);
}

async function answerSpec(question: string, flags: AskFlags): Promise<AnswerSpec> {
  if (flags.answerType === 'auto') {
    if (flags.exemplars !== undefined) {
      const type = exemplarAnswerType(await loadExemplarSet(flags.exemplars));
      return type === 'choice' ? { type, letters: flags.choices ?? choiceLetters(question) } : { type };
    }
    const guessed = inferAnswerSpec(question);
    return guessed.type === 'choice' && flags.choices ? { type: 'choice', letters: flags.choices } : guessed;
  }
  if (flags.choices !== undefined && flags.answerType !== 'choice') {
    throw new InvalidArgumentError([{ path: ['--choices'], message: `applies to --answer-type choice, not ${flags.answerType}` }]);
  }
  return flags.answerType === 'choice' ? { type: 'choice', letters: flags.choices ?? choiceLetters(question) } : { type: flags.answerType };
}

/** The option letters a question shows, "(a) … (e)"; A–E when it shows none. */
function choiceLetters(question: string): string[] {
  const found = [...new Set([...question.matchAll(/\(([a-zA-Z])\)/g)].map((m) => (m[1] as string).toUpperCase()))].sort();
  return found.length >= 2 ? found : ['A', 'B', 'C', 'D', 'E'];
}

/** Exemplars answer in one type; asking for another gives prompts the model cannot follow. */
function usesExemplars(strategy: AnyStrategy, options: Record<string, unknown>): boolean {
  return strategy.name === 'direct' || strategy.name === 'chain-of-thought' || (strategy.name === 'self-consistency' && options.base !== 'zero-shot-cot');
}

async function checkExemplarsFit(strategy: AnyStrategy, spec: AnswerSpec, options: Record<string, unknown>): Promise<void> {
  if (!usesExemplars(strategy, options) || typeof options.exemplars !== 'string') return;
  const id = options.exemplars;
  const type = exemplarAnswerType(await loadExemplarSet(id));
  if (type !== spec.type) {
    throw new InvalidArgumentError([
      { path: ['--answer-type'], message: `${spec.type} does not fit the exemplars ${id}, whose answers are ${type}; pick other --exemplars or use --answer-type ${type}` },
    ]);
  }
}
