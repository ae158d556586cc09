/**
 * From what a user typed (a question, perhaps an answer type, perhaps exemplars) to a strategy's question and
 * options: the answer type guessed where not given, the exemplar set picked to fit it, and a mismatch between the
 * two reported before any model call. The CLI's `ask` and the server share it.
 */
import type { AnswerSpec, AnswerType } from '../spec/answer.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { inferAnswerSpec } from '../answers/index.js';
import { exemplarAnswerType, exemplarSetFor, isExemplarSetId, isExemplarSetPath, loadExemplarSet } from '../prompts/index.js';
import type { AnyStrategy, Question } from './strategy.js';

export interface QuestionRequest {
  readonly text: string;
  /** `auto` (the default) guesses from the exemplars given, else from the question. */
  readonly answerType?: AnswerType | 'auto';
  /** Option letters for a choice answer (default: the letters the question shows, else A–E). */
  readonly choices?: readonly string[];
}

export interface PlannedQuestion {
  readonly question: Question;
  /** The options given, with `exemplars` filled in where the strategy prompts with exemplars and none was named. */
  readonly options: Record<string, unknown>;
}

/** Issue paths name the request's fields, e.g. `["answerType"]`; the CLI maps them to its flags. */
export async function planQuestion(strategy: AnyStrategy, request: QuestionRequest, options: Readonly<Record<string, unknown>>): Promise<PlannedQuestion> {
  const planned: Record<string, unknown> = { ...options };
  // Only a chain-of-thought set (or file) tells the answer type; other strategies' sets (least-to-most's) do not.
  const exemplars = typeof options.exemplars === 'string' && (isExemplarSetId(options.exemplars) || isExemplarSetPath(options.exemplars)) ? options.exemplars : undefined;
  const answer = await answerSpec(request, exemplars);
  if (usesExemplars(strategy, planned) && planned.exemplars === undefined) planned.exemplars = exemplarSetFor(request.text, answer.type);
  await checkExemplarsFit(strategy, answer, planned);
  return { question: { text: request.text, answer }, options: planned };
}

async function answerSpec(request: QuestionRequest, exemplars: string | undefined): Promise<AnswerSpec> {
  const type = request.answerType ?? 'auto';
  if (type === 'auto') {
    if (exemplars !== undefined) {
      const fromExemplars = exemplarAnswerType(await loadExemplarSet(exemplars, { issuePath: ['exemplars'] }));
      return fromExemplars === 'choice' ? { type: fromExemplars, letters: request.choices ?? choiceLetters(request.text) } : { type: fromExemplars };
    }
    const guessed = inferAnswerSpec(request.text);
    return guessed.type === 'choice' && request.choices ? { type: 'choice', letters: request.choices } : guessed;
  }
  if (request.choices !== undefined && type !== 'choice') {
    throw new InvalidArgumentError([{ path: ['choices'], message: `applies to answer type choice, not ${type}` }]);
  }
  return type === 'choice' ? { type, letters: request.choices ?? choiceLetters(request.text) } : { type };
}

/** The option letters a question shows, "(a) … (e)"; A–E when it shows none. */
export function choiceLetters(question: string): string[] {
  const found = [...new Set([...question.matchAll(/\(([a-zA-Z])\)/g)].map((m) => (m[1] as string).toUpperCase()))].sort();
  return found.length >= 2 ? found : ['A', 'B', 'C', 'D', 'E'];
}

/** Exemplars answer in one type; asking for another gives prompts the model cannot follow. */
export function usesExemplars(strategy: AnyStrategy, options: Readonly<Record<string, unknown>>): boolean {
  return strategy.name === 'direct' || strategy.name === 'chain-of-thought' || (strategy.name === 'self-consistency' && options.base !== 'zero-shot-cot');
}

async function checkExemplarsFit(strategy: AnyStrategy, spec: AnswerSpec, options: Readonly<Record<string, unknown>>): Promise<void> {
  if (!usesExemplars(strategy, options) || typeof options.exemplars !== 'string') return;
  const id = options.exemplars;
  const type = exemplarAnswerType(await loadExemplarSet(id, { issuePath: ['exemplars'] }));
  // Number exemplars (GSM8K's) serve math questions too: no LaTeX exemplar set ships.
  if (type !== spec.type && !(spec.type === 'math' && type === 'number')) {
    throw new InvalidArgumentError([
      { path: ['answerType'], message: `${spec.type} does not fit the exemplars ${id}, whose answers are ${type}; pick other exemplars or answer type ${type}` },
    ]);
  }
}
