/**
 * The suite every strategy passes, run on the MockLanguageModel (deterministic, no real model): the event
 * sequence, one end event, the result's fields and JSON shape, abstentions never voting, usage summed over
 * every call, warnings deduplicated, abort propagating, bad options rejected with their paths.
 * Call it from each strategy's own test: `describeStrategyConformance(chainOfThought, () => ({}))`; `makeOptions`
 * gives valid options (keep runs small: a few paths).
 */
import { describe, expect, it } from 'vitest';
import type { AnswerType } from '../../src/spec/answer.js';
import { AbortedError, InvalidArgumentError } from '../../src/spec/errors/index.js';
import type { GenerateOptions } from '../../src/spec/model.js';
import type { ReasoningEvent, ReasoningPath, ReasoningResult } from '../../src/spec/result.js';
import { answer, type Question, type Strategy } from '../../src/strategies/index.js';
import { MockLanguageModel, type MockCompletion } from '../../src/test/index.js';

const question: Question = { text: 'What is six times seven?', answer: { type: 'number' } };

/** The last text of a prompt: the whole string, or the last chat turn. */
function promptText(options: GenerateOptions): string {
  return typeof options.prompt === 'string' ? options.prompt : (options.prompt.at(-1)?.content ?? '');
}

/** A zero-shot-cot answer call ends with its trigger ("... the answer (arabic numerals) is"); other prompts do not. */
function isAnswerCall(options: GenerateOptions): boolean {
  return /\bis$/.test(promptText(options));
}

/** What the mock writes: a path answering 42, and one with no answer. A strategy whose paths are not prose gives its own. */
export interface ConformanceTexts {
  readonly answer: string;
  readonly abstain: string;
}

const PROSE: ConformanceTexts = { answer: ' Six times seven is 42. The answer is 42.', abstain: ' I cannot tell.' };

/**
 * Answers 42 on every sample, or abstains (no number anywhere) on the samples `abstain` picks. Fixed token
 * counts and a warning per completion let the suite check the sums and the deduplication.
 */
function scriptedModel(abstain: (sample: number) => boolean = () => false, texts: ConformanceTexts = PROSE): MockLanguageModel {
  return new MockLanguageModel({
    respond: (options, sample) => {
      const base: Omit<Exclude<MockCompletion, string>, 'text'> = {
        inputTokens: 3,
        outputTokens: 7,
        warnings: ['mock: topK ignored'],
        logprobs: { tokens: [], sum: -2, mean: -0.5 },
      };
      if (isAnswerCall(options)) {
        return { ...base, text: promptText(options).includes('cannot tell') ? ' unknown.' : ' 42.' };
      }
      return { ...base, text: abstain(sample) ? texts.abstain : texts.answer };
    },
  });
}

async function collect(iterable: AsyncIterable<ReasoningEvent>): Promise<ReasoningEvent[]> {
  const events: ReasoningEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

function endResult(events: readonly ReasoningEvent[]): ReasoningResult {
  const last = events.at(-1);
  if (last?.type !== 'end') throw new Error(`the last event is ${last?.type ?? 'missing'}, not end`);
  return last.result;
}

/** Checks the event grammar: per path start, deltas, end; then one vote-end; then one end, last. */
function expectEventOrder(events: readonly ReasoningEvent[]): void {
  const started = new Set<number>();
  const ended = new Set<number>();
  const texts = new Map<number, string>();
  let voted = false;
  events.forEach((event, position) => {
    switch (event.type) {
      case 'path-start':
        expect(voted).toBe(false);
        expect(started.has(event.index)).toBe(false);
        started.add(event.index);
        texts.set(event.index, '');
        break;
      case 'text-delta':
        expect(started.has(event.index) && !ended.has(event.index)).toBe(true);
        texts.set(event.index, (texts.get(event.index) ?? '') + event.delta);
        break;
      case 'path-end':
        expect(started.has(event.path.index) && !ended.has(event.path.index)).toBe(true);
        ended.add(event.path.index);
        // The deltas of a path add up to its text (the mock streams each completion as one delta).
        expect(texts.get(event.path.index)).toBe(event.path.text);
        break;
      case 'vote-end':
        expect(voted).toBe(false);
        expect([...ended].sort()).toEqual([...started].sort());
        voted = true;
        break;
      case 'end':
        expect(voted).toBe(true);
        expect(position).toBe(events.length - 1);
        break;
    }
  });
  expect(started.size).toBeGreaterThan(0);
  expect([...started].sort((a, b) => a - b)).toEqual([...started].map((_, i) => i));
  expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
  expect(events.filter((e) => e.type === 'vote-end')).toHaveLength(1);
}

function expectVotesFromAnsweredPaths(result: ReasoningResult): void {
  const answered = result.paths.filter((p) => p.answer !== null);
  expect(result.votes.reduce((sum, row) => sum + row.count, 0)).toBe(answered.length);
  for (const row of result.votes) {
    expect(row.answer).not.toBeNull();
    expect(answered.some((p) => p.answer === row.answer)).toBe(true);
  }
}

export function describeStrategyConformance<Options, OptionsInput>(
  strategy: Strategy<Options, OptionsInput>,
  makeOptions: (answerType: AnswerType) => OptionsInput,
  /** Tells two runs of one strategy apart, e.g. "base zero-shot-cot". */
  variant?: string,
  /** The mock's completions, for a strategy whose paths are not prose (program-aided: programs). */
  texts: ConformanceTexts = PROSE,
): void {
  const options = (): OptionsInput => makeOptions(question.answer.type);
  const mockModel = (abstain?: (sample: number) => boolean): MockLanguageModel => scriptedModel(abstain, texts);
  const title = variant === undefined ? strategy.name : `${strategy.name} (${variant})`;

  describe(`${title} conforms to the strategy contract`, () => {
    it('emits path-start, text-delta, path-end per path, then one vote-end and one end', async () => {
      const events = await collect(strategy.stream(mockModel(), question, options()));
      expectEventOrder(events);
      const result = endResult(events);
      const vote = events.find((e) => e.type === 'vote-end');
      expect(vote).toEqual({ type: 'vote-end', answer: result.answer, confidence: result.confidence, votes: result.votes });
      const ended: ReasoningPath[] = events.flatMap((e) => (e.type === 'path-end' ? [e.path] : []));
      expect(result.paths).toEqual([...ended].sort((a, b) => a.index - b.index));
    });

    it('returns a result with the documented fields and JSON shape', async () => {
      const model = mockModel();
      const result = await answer(strategy, model, question, options());
      expect(result.answer).toBe('42');
      expect(result.confidence).toBe(1);
      expect(result.votes[0]).toMatchObject({ answer: '42', count: result.paths.length, share: 1 });
      const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual(['answer', 'confidence', 'paths', 'settings', 'usage', 'votes', 'warnings']);
      for (const path of result.paths) {
        expect(path).toMatchObject({ answer: '42', rule: expect.any(String), text: expect.any(String), tokens: expect.any(Number) });
        expect(path.finishReason.unified).toBe('stop');
        expect(path.logprob).toBeLessThan(0);
        expect(path.meanLogprob).toBeLessThan(0);
      }
      expect(Object.keys(result.usage).sort()).toEqual(['inputTokens', 'outputTokens', 'seconds']);
      expect(result.usage.seconds).toBeGreaterThanOrEqual(0);
      expect(result.settings).toMatchObject({
        strategy: strategy.name,
        provider: 'mock',
        modelId: 'mock-model',
        answerType: 'number',
        seed: expect.any(Number),
      });
    });

    it('sums usage over every call and every completion', async () => {
      const model = mockModel();
      const result = await answer(strategy, model, question, options());
      const completions = model.calls.reduce((sum, call) => sum + (call.samples ?? 1), 0);
      expect(completions).toBeGreaterThanOrEqual(result.paths.length);
      expect(result.usage.inputTokens).toBe(3 * completions);
      expect(result.usage.outputTokens).toBe(7 * completions);
    });

    it('keeps warnings from completions once each', async () => {
      const result = await answer(strategy, mockModel(), question, options());
      expect(result.warnings.filter((w) => w === 'mock: topK ignored')).toHaveLength(1);
    });

    it('keeps a path without an answer and never lets it vote', async () => {
      const none = await answer(strategy, mockModel(() => true), question, options());
      expect(none.answer).toBeNull();
      expect(none.confidence).toBe(0);
      expect(none.votes).toEqual([]);
      expect(none.paths.length).toBeGreaterThan(0);
      for (const path of none.paths) expect(path).toMatchObject({ answer: null, rule: null });

      const some = await answer(strategy, mockModel((sample) => sample % 2 === 1), question, options());
      expect(some.answer).toBe('42');
      expectVotesFromAnsweredPaths(some);
      expect(some.paths.filter((p) => p.answer === null)).toHaveLength(Math.floor(some.paths.length / 2));
    });

    it('rejects bad options and a bad question at once, each with its path', async () => {
      const bad = { ...options(), seed: -1, bogus: true } as OptionsInput;
      const error = await rejection(collect(strategy.stream(mockModel(), { text: ' ', answer: { type: 'number' } }, bad)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      const paths = (error as InvalidArgumentError).issues.map((issue) => issue.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['question.text', 'seed', 'bogus']));
      const choice = await rejection(collect(strategy.stream(mockModel(), { text: 'q', answer: { type: 'choice', letters: [] } }, options())));
      expect((choice as InvalidArgumentError).issues.map((issue) => issue.path.join('.'))).toEqual(['question.answer.letters']);
    });

    it('does not call the model when the signal has already fired', async () => {
      const model = mockModel();
      const error = await rejection(collect(strategy.stream(model, question, options(), AbortSignal.abort())));
      expect(error).toBeInstanceOf(AbortedError);
      expect(model.calls).toHaveLength(0);
    });

    it('rejects with an AbortedError when the signal fires during a call', async () => {
      const controller = new AbortController();
      const model = new MockLanguageModel({
        respond: () => {
          controller.abort();
          return texts.answer;
        },
      });
      const error = await rejection(collect(strategy.stream(model, question, options(), controller.signal)));
      expect(error).toBeInstanceOf(AbortedError);
      expect((error as AbortedError).name).toBe('AbortedError');
    });

    it('aborts its model calls when the consumer stops reading', async () => {
      const model = mockModel();
      for await (const event of strategy.stream(model, question, options())) {
        if (event.type === 'text-delta') break;
      }
      expect(model.calls.length).toBeGreaterThan(0);
      expect(model.calls.every((call) => call.signal?.aborted === true)).toBe(true);
    });
  });
}
