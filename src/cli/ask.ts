import { Command, Option } from 'commander';
import type { AnswerType } from '../spec/answer.js';
import type { LanguageModel } from '../spec/model.js';
import type { ReasoningResult } from '../spec/result.js';
import { planQuestion, resolveStrategy, type AnyStrategy, type Question } from '../strategies/index.js';
import { letters } from './parse.js';
import { renderHuman, toAskJson } from './render.js';
import { addModelOptions, addStrategyOptions, openModelFrom, strategyOptionsFrom, withInterrupt, type ModelFlags, type StrategyFlags } from './shared-options.js';

interface AskFlags extends ModelFlags, StrategyFlags {
  answerType: AnswerType | 'auto';
  choices?: string[];
  json?: boolean;
  full?: boolean;
}

export function askCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  const command = new Command('ask')
    .description('Answer one question with a reasoning strategy and show every path, the vote and the answer (README: "concord ask")')
    .argument('<question>', 'the question, formatted as the exemplars format theirs');
  addModelOptions(command);
  addStrategyOptions(command, 'self-consistency');
  return command
    .addOption(new Option('-a, --answer-type <type>', 'answer type; auto guesses from the question').choices(['auto', 'number', 'choice', 'yes-no', 'text', 'math']).default('auto'))
    .option('--choices <letters>', 'option letters for --answer-type choice, e.g. A-E (default: the letters in the question)', letters)
    .option('--json', 'print one JSON object (answer, confidence, votes, paths, usage, settings)')
    .option('--full', 'print each path whole instead of abridged')
    .action((question: string, flags: AskFlags) => run(() => ask(question, flags)));
}

async function ask(questionText: string, flags: AskFlags): Promise<void> {
  const strategy = resolveStrategy(flags.strategy);
  const { question, options } = await planQuestion(
    strategy,
    { text: questionText, answerType: flags.answerType, ...(flags.choices === undefined ? {} : { choices: flags.choices }) },
    strategyOptionsFrom(strategy, flags),
  );
  await withInterrupt(async (signal) => {
    const model = await openModelFrom(flags, signal);
    try {
      const result = await runWithProgress(strategy, model, question, options, signal, !flags.json);
      if (flags.json) process.stdout.write(`${JSON.stringify(toAskJson(result))}\n`);
      else process.stdout.write(`${renderHuman(questionText, result, { abridge: flags.full ? 0 : 100, width: process.stdout.columns ?? 80 })}\n`);
    } finally {
      await model.dispose();
    }
  });
}

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
