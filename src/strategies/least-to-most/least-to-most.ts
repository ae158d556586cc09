import path from 'node:path';
import { DEFAULT_ANSWER_PHRASES, extractAnswer } from '../../answers/index.js';
import type { AnswerSpec } from '../../spec/answer.js';
import type { Completion, CompletionLogprobs } from '../../spec/model.js';
import type { ReasoningPath } from '../../spec/result.js';
import { defineStrategy } from '../define-strategy.js';
import { followUpEach, type RunContext } from '../run-context.js';
import type { Question } from '../strategy.js';
import { leastToMostOptionsSchema as schema, type LeastToMostOptions, type LeastToMostOptionsInput } from './least-to-most-options.js';
import {
  decompositionPrompt,
  defaultLeastToMostSets,
  loadLeastToMostSet,
  parseDecomposition,
  solutionPrompt,
  stepJoint,
  type LeastToMostSet,
  type SolvedStep,
} from './least-to-most-prompts.js';

const NAME = 'least-to-most';

/** One path's decomposition and sub-questions with their answers, for `settings.decompositions`. */
interface PathRecord {
  readonly path: number;
  /** False: the decomposition had no quoted sub-problem, and the question was asked directly. */
  readonly parsed: boolean;
  /** Sub-problems dropped past maxSubquestions. */
  readonly dropped: number;
  /** Quoted strings of a 'list' decomposition that are not part of the question, ignored as noise. */
  readonly ignored: number;
  /** In the order asked; the last is the question; `answer` extracted with the question's answer type. */
  readonly subquestions: readonly { readonly question: string; readonly answer: string | null }[];
}

/**
 * Least-to-most prompting (Zhou et al. 2022). Stage 1, one decomposition call reduces the question to
 * sub-questions (few-shot, one line, e.g. `"Elon", "Elon Musk"` or `To solve "X", we need to first solve: "Y"`);
 * stage 2 asks them in order, one call each, every prompt holding the solution exemplars, the problem statement
 * and the sub-questions answered so far with their answers; the question itself is always asked last, and the
 * answer of that last call (read with the question's answer type) is the path's answer. A decomposition with no
 * quoted sub-problem is not an abstention: the question is asked directly (stage 2 with no earlier steps), with a
 * warning, and `settings.decompositions[i].parsed` is false.
 *
 * One path is one whole run: its text is the decomposition, then per sub-question `\nQ: {sub}\nA:` and the answer,
 * streamed as `text-delta`s of that path as each call streams. Greedy by default; with `paths` > 1 the runs are
 * sampled (their decompositions in ONE generate call, then each run's sub-questions in turn, the runs in parallel)
 * and voted by majority.
 */
export const leastToMost = defineStrategy<LeastToMostOptions, LeastToMostOptionsInput>({
  name: NAME,
  aliases: ['l2m'],
  description: 'Least-to-most prompting (Zhou et al. 2022): decompose into sub-questions, then solve them in order, each with the earlier answers.',
  optionsSchema: schema,
  async run(context, question, o) {
    const sampling = {
      temperature: o.temperature ?? (o.paths > 1 ? 0.7 : 0),
      topK: o.topK ?? (o.paths > 1 ? 40 : 0),
      topP: o.topP,
    };
    if (sampling.temperature === 0 && o.paths > 1) context.warn('temperature 0 samples the same path every time; the vote has one voter');
    const { set, settings: setSettings } = await resolveSet(context, o.exemplars, question.answer);
    const { paths, records } = await runLeastToMost(context, question, set, o, sampling);
    return {
      paths,
      settings: {
        ...setSettings,
        paths: o.paths,
        ...sampling,
        seed: o.seed,
        maxDecompositionTokens: o.maxDecompositionTokens,
        maxTokens: o.maxTokens,
        maxSubquestions: o.maxSubquestions,
        logprobs: o.logprobs,
        decompositionStop: set.format.decomposition_stop,
        solutionStop: set.format.solution_stop,
        answerPhrase: set.format.answer_phrase,
        decompositions: [...records].sort((a, b) => a.path - b.path),
      },
    };
  },
});

async function resolveSet(
  context: RunContext,
  ref: string | LeastToMostSet | undefined,
  spec: AnswerSpec,
): Promise<{ set: LeastToMostSet; settings: Record<string, unknown> }> {
  const chosen = ref ?? defaultLeastToMostSets[spec.type];
  const set = typeof chosen === 'string' ? await loadLeastToMostSet(chosen) : chosen;
  // Number exemplars serve math questions too, as chain-of-thought's do.
  if (set.answer_type !== spec.type && !(spec.type === 'math' && set.answer_type === 'number')) {
    context.warn(`least-to-most set ${set.id} shows ${set.answer_type} answers, but the question asks for a ${spec.type} answer`);
  }
  const fromFile = typeof chosen === 'string' && chosen.toLowerCase().endsWith('.json');
  return { set, settings: fromFile ? { exemplars: set.id, exemplarsFile: path.resolve(chosen) } : { exemplars: set.id } };
}

async function runLeastToMost(
  context: RunContext,
  question: Question,
  set: LeastToMostSet,
  o: LeastToMostOptions,
  sampling: { readonly temperature: number; readonly topK: number; readonly topP: number },
): Promise<{ paths: ReasoningPath[]; records: PathRecord[] }> {
  const spec = question.answer;
  const answerPhrases = [...new Set([set.format.answer_phrase, ...DEFAULT_ANSWER_PHRASES])];
  const read = (text: string): { answer: string | null; rule: string | null } => extractAnswer(text, spec, { answerPhrases });
  const records: PathRecord[] = [];
  for (let index = 0; index < o.paths; index++) context.startPath(index);

  /** Stage 2 of one path, started as soon as its decomposition has arrived. */
  const solve = async (decomposition: Completion): Promise<ReasoningPath> => {
    const index = decomposition.index;
    const parsed = parseDecomposition(set, question.text, decomposition.text, o.maxSubquestions);
    if (!parsed.parsed) context.warn(`${NAME}: a decomposition named no sub-question; the question was asked directly`);
    if (parsed.dropped > 0) context.warn(`${NAME}: a decomposition named more than ${o.maxSubquestions} sub-questions (maxSubquestions); the rest were dropped`);
    const calls: Completion[] = [decomposition];
    const solved: SolvedStep[] = [];
    let text = decomposition.text;
    for (const subquestion of parsed.subquestions) {
      const joint = stepJoint(set, subquestion);
      context.delta(index, joint);
      text += joint;
      let answer: Completion | undefined;
      for await (const completion of context.generate(
        {
          prompt: solutionPrompt(set, question.text, solved, subquestion),
          samples: 1,
          ...sampling,
          maxTokens: o.maxTokens,
          stop: set.format.solution_stop,
          // Wraps past the largest seed a backend takes.
          seed: (o.seed + index) % 2 ** 31,
          logprobs: o.logprobs,
        },
        () => index,
      )) {
        answer = completion;
      }
      if (answer === undefined) throw new Error(`${context.model.provider}/${context.model.modelId} returned no completion for a least-to-most sub-question`);
      calls.push(answer);
      text += answer.text;
      solved.push({ question: subquestion, answer: answer.text.trim() });
    }
    const last = calls.at(-1) as Completion;
    const merged = mergeCompletions(index, text, calls, last);
    const extracted = read(last.text);
    const result: ReasoningPath = {
      index,
      text,
      answer: extracted.answer,
      rule: extracted.rule,
      tokens: merged.outputTokens,
      ...(merged.logprobs === undefined ? {} : { logprob: merged.logprobs.sum, meanLogprob: merged.logprobs.mean }),
      finishReason: merged.finishReason,
    };
    records.push({
      path: index,
      parsed: parsed.parsed,
      dropped: parsed.dropped,
      ignored: parsed.ignored,
      subquestions: solved.map((step, i) => ({ question: step.question, answer: read(calls[i + 1]?.text ?? '').answer })),
    });
    context.endPath(result, merged);
    return result;
  };

  const decompositions = context.generate({
    prompt: decompositionPrompt(set, question.text),
    samples: o.paths,
    ...sampling,
    maxTokens: o.maxDecompositionTokens,
    stop: set.format.decomposition_stop,
    seed: o.seed,
    logprobs: o.logprobs,
  });
  // As zero-shot-cot's answer calls: each decomposition's sub-questions start as it arrives.
  return { paths: await followUpEach(context, decompositions, solve), records };
}

/**
 * One completion for the whole path: its text, the tokens and usage of every call, log-probabilities summed where
 * every call has them (the scaffolding between calls was not sampled and carries none), and the finish reason
 * of the last call, the one the answer is read from.
 */
function mergeCompletions(index: number, text: string, calls: readonly Completion[], last: Completion): Completion {
  const logprobs = mergeLogprobs(calls);
  return {
    index,
    text,
    outputTokens: calls.reduce((sum, c) => sum + c.outputTokens, 0),
    inputTokens: calls.reduce((sum, c) => sum + c.inputTokens, 0),
    finishReason: last.finishReason,
    ...(logprobs === undefined ? {} : { logprobs }),
    warnings: [...new Set(calls.flatMap((c) => c.warnings))],
  };
}

function mergeLogprobs(calls: readonly Completion[]): CompletionLogprobs | undefined {
  if (calls.some((c) => c.logprobs === undefined)) return undefined;
  const all = calls.map((c) => ({ c, l: c.logprobs as CompletionLogprobs }));
  const n = all.reduce((sum, { c, l }) => sum + (l.tokens.length > 0 ? l.tokens.length : c.outputTokens), 0);
  const sum = all.reduce((total, { l }) => total + l.sum, 0);
  return { tokens: all.flatMap(({ l }) => l.tokens), sum, mean: n > 0 ? sum / n : 0 };
}
