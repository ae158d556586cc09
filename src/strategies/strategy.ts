/** The shape every strategy shares, and the helpers that validate its input and collect its result. */
import { z } from 'zod';
import { checkSpec } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import type { LanguageModel } from '../spec/model.js';
import type { ReasoningEvent, ReasoningResult } from '../spec/result.js';
import { closestName, zodIssues } from '../prompts/index.js';

export interface Question {
  /** The question, already formatted as the exemplars' questions are (choices inline, etc.). */
  readonly text: string;
  readonly answer: AnswerSpec;
}

export interface Strategy<Options = unknown, OptionsInput = Options> {
  /** The canonical name, e.g. `"chain-of-thought"`; recorded in `settings.strategy`. */
  readonly name: string;
  /** Other names the registry accepts, e.g. `"cot"`. */
  readonly aliases: readonly string[];
  readonly description: string;
  readonly optionsSchema: z.ZodType<Options, OptionsInput>;
  /**
   * Answers one question. Events: per path `path-start`, its `text-delta`s, `path-end`; then one `vote-end` and
   * one `end` holding the ReasoningResult. Bad options or a bad question reject the first `next()` with an
   * InvalidArgumentError listing every problem; an aborted `signal` rejects with an AbortedError.
   */
  stream(model: LanguageModel, question: Question, options?: OptionsInput, signal?: AbortSignal): AsyncIterable<ReasoningEvent>;
  /** Throws the InvalidArgumentError that `stream` would, without calling a model (a server checks before it answers 200). */
  check(question: Question, options?: OptionsInput): void;
}

/** Any strategy, its option types erased (the registry's element type). */
export type AnyStrategy = Strategy<unknown, unknown>;

/** The option names a strategy takes (the keys of its object schema), or undefined for a schema of another kind. */
export function strategyOptionKeys(strategy: AnyStrategy): Set<string> | undefined {
  return strategy.optionsSchema instanceof z.ZodObject ? new Set(Object.keys(strategy.optionsSchema.shape)) : undefined;
}

/** Runs a strategy to its end and returns the result of its `end` event. */
export async function answer<Options, OptionsInput>(
  strategy: Strategy<Options, OptionsInput>,
  model: LanguageModel,
  question: Question,
  options?: OptionsInput,
  signal?: AbortSignal,
): Promise<ReasoningResult> {
  let result: ReasoningResult | undefined;
  for await (const event of strategy.stream(model, question, options, signal)) {
    if (event.type === 'end') result = event.result;
  }
  if (result === undefined) throw new Error(`strategy ${strategy.name} finished without an end event`);
  return result;
}

/**
 * Parses the options and checks the question, reporting the problems of both (and `moreIssues`, from checks
 * beside the schema) in one InvalidArgumentError.
 */
export function prepare<Options, OptionsInput>(
  schema: z.ZodType<Options, OptionsInput>,
  options: OptionsInput | undefined,
  question: Question,
  moreIssues: readonly ArgumentIssue[] = [],
): Options {
  const issues: ArgumentIssue[] = [...questionIssues(question), ...moreIssues];
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) issues.push(...zodIssues(parsed.error).map((issue) => suggestOption(issue, schema)));
  if (issues.length > 0 || !parsed.success) throw new InvalidArgumentError(issues);
  return parsed.data;
}

function questionIssues(question: Question): ArgumentIssue[] {
  // Callers in plain JavaScript (the server, the CLI's JSON input) can pass anything.
  const value: unknown = question;
  if (typeof value !== 'object' || value === null) return [{ path: ['question'], message: 'must be an object' }];
  const issues: ArgumentIssue[] = [];
  if (typeof question.text !== 'string' || question.text.trim() === '') {
    issues.push({ path: ['question', 'text'], message: 'must be a non-empty string' });
  }
  const spec: unknown = question.answer;
  if (typeof spec !== 'object' || spec === null) {
    issues.push({ path: ['question', 'answer'], message: 'must be an answer spec, e.g. { type: "number" }' });
    return issues;
  }
  try {
    checkSpec(question.answer, ['question', 'answer']);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    issues.push(...error.issues);
  }
  return issues;
}

/** An unknown option's issue, with the closest known option name where one is near. */
function suggestOption(issue: ArgumentIssue, schema: z.ZodType): ArgumentIssue {
  const [key] = issue.path;
  if (issue.path.length !== 1 || typeof key !== 'string' || issue.message !== 'unknown key' || !(schema instanceof z.ZodObject)) {
    return issue;
  }
  const suggestion = closestName(key, Object.keys(schema.shape));
  return { path: issue.path, message: suggestion === undefined ? 'unknown option' : `unknown option; did you mean "${suggestion}"?` };
}
