/**
 * Program-aided sampling: every program of a question in ONE generate call (`samples: k`, so a backend batches
 * them and shares the exemplar prefix), each run in the sandbox as it arrives (on the sandbox's worker thread, so
 * the event loop stays free), its result the path's answer.
 */
import type { ReasoningPath } from '../../spec/result.js';
import type { ExemplarSet } from '../../prompts/index.js';
import { resolveExemplars } from '../exemplars.js';
import { pathFromCompletion, type RunContext, type Sampling } from '../run-context.js';
import type { Question } from '../strategy.js';
import { DEFAULT_PAL_EXEMPLARS } from './program-aided-options.js';
import { programFromCompletion, programPrompt, readOutcome, showsPrograms } from './program-text.js';
import type { ProgramErrorKind } from './sandbox.js';
import { runProgramOffThread } from './sandbox-thread.js';

/** The program-aided options, resolved (what a self-consistency base over programs would pass too). */
export interface ProgramAidedRun {
  readonly exemplars?: string | ExemplarSet | undefined;
  readonly maxTokens: number;
  readonly stop?: readonly string[] | undefined;
  readonly seed: number;
  readonly logprobs: boolean;
  readonly timeoutMs: number;
  readonly memoryBytes: number;
}

/** Samples the programs, runs each, and returns the paths with the settings used (and how the programs ended). */
export async function runProgramAided(
  context: RunContext,
  question: Question,
  options: ProgramAidedRun,
  sampling: Sampling,
): Promise<{ paths: ReasoningPath[]; settings: Record<string, unknown> }> {
  const exemplars = await resolveExemplars(context, options.exemplars ?? DEFAULT_PAL_EXEMPLARS, question.answer);
  if (!showsPrograms(exemplars.set)) {
    context.warn(`exemplar set ${exemplars.set.id} shows no solution() programs; program-aided reasoning wants a set such as ${DEFAULT_PAL_EXEMPLARS}`);
  }
  const built = programPrompt(exemplars.set, question.text);
  const stop = options.stop ?? built.stop;
  const limits = { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes };
  const outcomes: Partial<Record<ProgramErrorKind | 'ok', number>> = {};
  for (let index = 0; index < sampling.samples; index++) context.startPath(index);
  const paths: ReasoningPath[] = [];
  const call = { ...sampling, prompt: built.prompt, stop, maxTokens: options.maxTokens, seed: options.seed, logprobs: options.logprobs };
  for await (const completion of context.generate(call)) {
    // A program may take its whole time limit: no point running it for a run already stopped.
    context.throwIfAborted();
    const outcome = await runProgramOffThread(programFromCompletion(built.codePrefix, completion.text), limits);
    const key = outcome.ok ? 'ok' : outcome.error.kind;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    const reading = readOutcome(outcome, question.answer);
    if (reading.warning !== undefined) context.warn(`path ${completion.index}: ${reading.warning}`);
    const path = pathFromCompletion(completion.index, completion, reading);
    paths.push(path);
    context.endPath(path, completion);
  }
  const settings = {
    ...exemplars.settings,
    ...sampling,
    maxTokens: options.maxTokens,
    stop,
    logprobs: options.logprobs,
    seed: options.seed,
    sandbox: 'quickjs',
    ...limits,
    programOutcomes: outcomes,
  };
  return { paths, settings };
}
