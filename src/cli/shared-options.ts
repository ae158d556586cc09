import { Command, Option } from 'commander';
import type { LanguageModel } from '../spec/model.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { openModel } from '../backends/index.js';
import { strategies, strategyOptionKeys, type AnyStrategy } from '../strategies/index.js';
import { collect, decimal, threadCount, wholeNumber } from './parse.js';
import type { FlagNames } from './errors.js';

export interface ModelFlags {
  model?: string;
  modelId?: string;
  endpoint?: 'completions' | 'chat';
  apiKey?: string;
  threads?: number | 'auto';
  sequences?: number;
  contextSize?: number;
}

export interface StrategyFlags {
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
  earlyStop?: string;
  batch?: number;
  exemplars?: string;
  chat?: boolean;
  logprobs?: boolean;
}

/** Library option paths → the flags that set them, so errors name what the user typed. */
export const FLAG_NAMES: FlagNames = {
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
  earlyStop: '--early-stop',
  batch: '--batch',
  exemplars: '--exemplars',
  chat: '--chat',
  logprobs: '--logprobs',
  modelId: '--model-id',
  endpoint: '--endpoint',
  apiKey: '--api-key',
  threads: '--threads',
  contextSize: '--context-size',
  model: '--model',
  'question.text': 'question',
  store: '--store',
  answerType: '--answer-type',
  choices: '--choices',
};

/** `concord serve` takes `--api-key` for its own clients, so the upstream server's key is `--upstream-api-key` there. */
export function addModelOptions(command: Command, apiKeyFlag: '--api-key' | '--upstream-api-key' = '--api-key'): Command {
  return command
    .option('-m, --model <model>', 'GGUF file, hf: URI, or OpenAI-compatible base URL (default: $CONCORD_MODEL, else the bundled Concord Mini)')
    .option('--model-id <id>', 'model id on an OpenAI-compatible server (default: its only model)')
    .addOption(new Option('--endpoint <endpoint>', 'OpenAI-compatible endpoint').choices(['completions', 'chat']))
    .option(`${apiKeyFlag} <key>`, 'API key for the model server (default: $CONCORD_OPENAI_API_KEY or $OPENAI_API_KEY)')
    .option('--threads <n>', 'llama.cpp CPU threads, or auto (default: by model size)', threadCount)
    .option('--sequences <n>', 'paths decoded together (llama.cpp sequences / concurrent HTTP requests)', wholeNumber(1))
    .option('--context-size <n>', 'llama.cpp tokens per sequence (default 2048)', wholeNumber(32));
}

export function addStrategyOptions(command: Command, defaultStrategy: string): Command {
  return command
    .option('-s, --strategy <name>', `one of ${strategies.map((s) => s.name).join(', ')}`, defaultStrategy)
    .addOption(new Option('--base <strategy>', 'self-consistency: the method sampled').choices(['chain-of-thought', 'zero-shot-cot']))
    .option('-k, --paths <n>', 'self-consistency: paths to sample', wholeNumber(1))
    .option('-t, --temperature <t>', 'self-consistency: sampling temperature (default 0.7)', decimal(0, 10))
    .option('--top-k <n>', 'self-consistency: top-k, 0 = off (default 40)', wholeNumber(0))
    .option('--top-p <p>', 'self-consistency: nucleus sampling, 1 = off (default 1)', decimal(0, 1))
    .addOption(new Option('--aggregation <rule>', 'self-consistency: how paths vote (default majority)').choices(['majority', 'weighted-mean', 'weighted-sum']))
    .option('--early-stop <rule>', 'self-consistency: stop sampling once beta:C, dirichlet:C, window:W or fixed:N is met (e.g. beta:0.95)')
    .option('--batch <n>', 'self-consistency with --early-stop: paths per call (default 4; W for window:W)', wholeNumber(1))
    .option('--max-tokens <n>', 'most tokens per path (zero-shot-cot: per reasoning)', wholeNumber(1))
    .option('--stop <text>', "stop sequence (repeatable; default: the exemplars' stops)", collect)
    .option('--seed <n>', 'base seed; path i uses seed + i (default 0)', wholeNumber(0))
    .option('-e, --exemplars <set>', 'exemplar set id (e.g. wei2022-math-annotator-a) or a .json file')
    .option('--chat', 'send few-shot exemplars as chat turns')
    .option('--logprobs', "record each path's log-probability");
}

export function openModelFrom(flags: ModelFlags, signal?: AbortSignal): Promise<LanguageModel> {
  return openModel({
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.modelId === undefined ? {} : { modelId: flags.modelId }),
    ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }),
    ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
    ...(flags.threads === undefined ? {} : { threads: flags.threads }),
    ...(flags.sequences === undefined ? {} : { sequences: flags.sequences }),
    ...(flags.contextSize === undefined ? {} : { contextSize: flags.contextSize }),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** How the model was opened, as recorded with an evaluation run. */
export function modelDescription(flags: ModelFlags): Record<string, unknown> {
  return Object.fromEntries(Object.entries(flags).filter(([key, value]) => value !== undefined && key !== 'apiKey'));
}

/** The strategy's options from the flags given; a flag the strategy does not take is an error naming it. */
export function strategyOptionsFrom(strategy: AnyStrategy, flags: StrategyFlags): Record<string, unknown> {
  const accepted = strategyOptionKeys(strategy);
  const reasoningLimit = strategy.name === 'zero-shot-cot' || (strategy.name === 'self-consistency' && flags.base === 'zero-shot-cot');
  const given: Record<string, unknown> = {
    base: flags.base,
    paths: flags.paths,
    temperature: flags.temperature,
    topK: flags.topK,
    topP: flags.topP,
    aggregation: flags.aggregation,
    earlyStop: flags.earlyStop,
    batch: flags.batch,
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
  return strategies.filter((s) => strategyOptionKeys(s)?.has(key)).map((s) => s.name);
}

/** Runs `work` with an AbortSignal that Ctrl-C fires, so a run stops cleanly (and can be resumed). */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}
