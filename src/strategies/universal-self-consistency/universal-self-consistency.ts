import { answersEqual, vote } from '../../answers/index.js';
import { exemplarSetFor } from '../../prompts/index.js';
import type { Completion } from '../../spec/model.js';
import type { ReasoningEvent, ReasoningPath } from '../../spec/result.js';
import type { VoteOutcome } from '../../spec/answer.js';
import { eventStream, type EventSink } from '../event-stream.js';
import { RunContext, type Sampling } from '../run-context.js';
import { runFewShot } from '../sample-few-shot.js';
import { runZeroShotCot } from '../sample-zero-shot-cot.js';
import { baseSettings } from '../settings.js';
import { prepare, type Question, type Strategy } from '../strategy.js';
import {
  USC_ZERO_SHOT_ANSWER_TOKENS,
  universalSelfConsistencyOptionsSchema as schema,
  uscMaxTokensDefaults,
  uscMisplacedOptionIssues,
  type UniversalSelfConsistencyOptions,
  type UniversalSelfConsistencyOptionsInput,
} from './universal-self-consistency-options.js';
import { loadUscPrompt, parseSelection, selectionPlan, uscSelectionPrompt } from './usc-selection.js';

const NAME = 'universal-self-consistency';

/**
 * The selection call is no path: its text deltas are sent to this index and dropped, so the event grammar (deltas
 * only between a path's start and end) holds. What it said is in `settings.selectionText`, its tokens in `usage`.
 */
const SELECTION_STREAM = -1;

/**
 * Universal self-consistency (Chen et al. 2023): k responses sampled in ONE generate call (few-shot or zero-shot
 * chain-of-thought, see `base`), then one greedy call that lists them and asks which is the most consistent; the
 * answer is the chosen response's extracted answer. Where an exact vote can decide (see selectionPlan), the
 * majority is used without the call, unless `fallback: 'none'`.
 *
 * Result: `votes` is the usual vote table over the paths; `answer` and `confidence` are the chosen response's answer
 * and that answer's share of the vote (for 'majority', the vote's winner and share). `settings.selection` says
 * which decided: 'usc' (the selection call), 'majority' (no call; `selectionReason` says why) or
 * 'fallback-majority' (the call named no usable response; `selectionReason` says how it failed, and a warning too).
 */
export const universalSelfConsistency: Strategy<UniversalSelfConsistencyOptions, UniversalSelfConsistencyOptionsInput> = {
  name: NAME,
  aliases: ['usc'],
  description: 'Universal self-consistency (Chen et al. 2023): sample k responses, then the model picks the most consistent one.',
  optionsSchema: schema,
  check(question, options): void {
    prepare(schema, options, question, uscMisplacedOptionIssues(options));
  },
  stream(model, question, options, signal): AsyncIterable<ReasoningEvent> {
    return eventStream<ReasoningEvent>(
      NAME,
      async (sink) => {
        const o = prepare(schema, options, question, uscMisplacedOptionIssues(options));
        // Set once the selection is made, before finish() announces the answer.
        const choice: { current?: Chosen | undefined } = {};
        const context = new RunContext(model, choosingSink(sink, () => choice.current), NAME);
        const sampling: Sampling = { samples: o.paths, temperature: o.temperature, topK: o.topK, topP: o.topP };
        if (o.temperature === 0 && o.paths > 1) context.warn('temperature 0 samples the same response every time; there is nothing to select from');
        const base = resolveBase(o, question);
        const maxTokens = o.maxTokens ?? uscMaxTokensDefaults[base];
        const common = { stop: o.stop, logprobs: o.logprobs, seed: o.seed };
        const { paths, settings } =
          base === 'chain-of-thought'
            ? await runFewShot(
                context,
                question,
                { ...common, exemplars: o.exemplars ?? exemplarSetFor(question.text, question.answer.type), chat: false, maxTokens },
                'cot',
                sampling,
              )
            : await runZeroShotCot(
                context,
                question,
                { ...common, maxReasoningTokens: maxTokens, maxAnswerTokens: USC_ZERO_SHOT_ANSWER_TOKENS },
                sampling,
              );
        const sorted = [...paths].sort((a, b) => a.index - b.index);
        const selected = await select(context, question, sorted, o);
        choice.current = selected.chosen;
        context.finish(paths, question.answer, 'majority', {
          ...baseSettings(NAME, model, question),
          base,
          paths: o.paths,
          fallback: o.fallback,
          ...settings,
          ...selected.settings,
        });
      },
      signal,
    );
  },
};

/** The answer USC chose, in place of the vote's winner; undefined where the vote decides. */
interface Chosen {
  readonly answer: string | null;
  readonly confidence: number;
}

function resolveBase(o: UniversalSelfConsistencyOptions, question: Question): 'chain-of-thought' | 'zero-shot-cot' {
  if (o.base !== 'auto') return o.base;
  return o.exemplars !== undefined || question.answer.type !== 'text' ? 'chain-of-thought' : 'zero-shot-cot';
}

/**
 * RunContext.finish announces the majority's winner; this sink puts USC's choice in its place in `vote-end` and
 * `end` (the vote table stays), and drops the selection call's text deltas.
 */
function choosingSink(sink: EventSink<ReasoningEvent>, chosen: () => Chosen | undefined): EventSink<ReasoningEvent> {
  return {
    signal: sink.signal,
    abort: (reason) => sink.abort(reason),
    emit: (event) => {
      if (event.type === 'text-delta' && event.index === SELECTION_STREAM) return;
      const choice = chosen();
      if (choice === undefined) sink.emit(event);
      else if (event.type === 'vote-end') sink.emit({ ...event, ...choice });
      else if (event.type === 'end') sink.emit({ ...event, result: { ...event.result, ...choice } });
      else sink.emit(event);
    },
  };
}

async function select(
  context: RunContext,
  question: Question,
  paths: readonly ReasoningPath[],
  o: UniversalSelfConsistencyOptions,
): Promise<{ chosen: Chosen | undefined; settings: Record<string, unknown> }> {
  const spec = question.answer;
  const outcome = vote(paths.map((p) => ({ answer: p.answer })), { spec });
  const plan = selectionPlan(paths.length, outcome, spec.type, o.fallback);
  const common = { maxSelectionTokens: o.maxSelectionTokens };
  if (!plan.call) {
    return {
      chosen: undefined,
      settings: { ...common, selection: 'majority', selectionReason: plan.reason, selectedIndex: null, selectionText: null },
    };
  }

  const prompt = await loadUscPrompt();
  let completion: Completion | undefined;
  for await (const c of context.generate(
    {
      prompt: uscSelectionPrompt(prompt, question.text, paths.map((p) => p.text)),
      samples: 1,
      temperature: 0,
      maxTokens: o.maxSelectionTokens,
      stop: prompt.stop,
      seed: o.seed,
      logprobs: false,
    },
    () => SELECTION_STREAM,
  )) {
    completion = c;
  }
  const text = completion?.text ?? '';
  const parsed = parseSelection(text, paths.length, { primer: prompt.primer, firstIndex: prompt.firstIndex });
  const path = parsed.index === null ? undefined : paths[parsed.index];
  const called = {
    ...common,
    selectionPrompt: prompt.id,
    selectionPrimer: prompt.primer,
    selectionText: text,
    selectionRule: parsed.index === null ? null : parsed.rule,
    selectedIndex: path?.index ?? null,
  };
  if (path !== undefined && path.answer !== null) {
    return { chosen: chosenAnswer(path.answer, outcome, spec), settings: { ...called, selection: 'usc' } };
  }
  const reason = parsed.index === null ? parsed.reason : 'no-answer';
  const said = `the selection call answered ${JSON.stringify(text.trim().slice(0, 80))}`;
  const last = prompt.firstIndex + paths.length - 1;
  const what =
    parsed.index !== null
      ? `${said}, naming response ${prompt.firstIndex + parsed.index}, which gave no answer`
      : parsed.reason === 'out-of-range'
        ? `${said}, naming response ${String(parsed.named)}, not one of ${prompt.firstIndex}..${last}`
        : `${said}, naming no response`;
  if (o.fallback === 'majority') {
    context.warn(`${NAME}: ${what}; voted by majority`);
    return { chosen: undefined, settings: { ...called, selection: 'fallback-majority', selectionReason: reason } };
  }
  context.warn(`${NAME}: ${what}; no answer (fallback 'none')`);
  return { chosen: { answer: null, confidence: 0 }, settings: { ...called, selection: 'usc', selectionReason: reason } };
}

/** The chosen answer as the vote table writes it, and its share of the vote. */
function chosenAnswer(answer: string, outcome: VoteOutcome, spec: Question['answer']): Chosen {
  const row = outcome.votes.find((r) => answersEqual(r.answer, answer, spec));
  return row === undefined ? { answer, confidence: 0 } : { answer: row.answer, confidence: row.share };
}
