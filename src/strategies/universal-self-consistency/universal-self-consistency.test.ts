import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStrategyConformance } from '../../../test/conformance/strategy-conformance.js';
import { bundledModelPath, openModel } from '../../backends/index.js';
import { vote } from '../../answers/index.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import type { GenerateOptions, LanguageModel } from '../../spec/model.js';
import type { ReasoningEvent } from '../../spec/result.js';
import { MockLanguageModel, type MockCompletion } from '../../test/index.js';
import { answer } from '../strategy.js';
import { universalSelfConsistency as usc } from './universal-self-consistency.js';
import type { UniversalSelfConsistencyOptionsInput } from './universal-self-consistency-options.js';
import { loadUscPrompt, parseSelection, selectionPlan, uscSelectionPrompt } from './usc-selection.js';

describeStrategyConformance(usc, () => ({ paths: 4 }), 'fallback majority');
// Always the selection call. The suite's mock answers every prompt " Six times seven is 42. The answer is 42.", which
// after the prompt's primer reads "... is Response Six times ...": response 6, one of the 8 paths.
describeStrategyConformance(usc, () => ({ paths: 8, fallback: 'none' as const }), 'fallback none, selection call');

const PRIMER = '\n\nThe most consistent response is Response';
const prompt = (options: GenerateOptions): string => (typeof options.prompt === 'string' ? options.prompt : '');
const isSelection = (options: GenerateOptions): boolean => prompt(options).endsWith(PRIMER);
const isAnswerCall = (options: GenerateOptions): boolean => prompt(options).endsWith('Therefore, the answer is');

/**
 * A text question answered zero-shot: reasoning i says `reasons[i]`, its answer call answers `answers[i]`, and the
 * selection call says `selection`. Every completion costs 5 input and 2 output tokens.
 */
function textModel(answers: readonly string[], selection: string): MockLanguageModel {
  return new MockLanguageModel({
    respond: (options, sample): MockCompletion => {
      const tokens = { inputTokens: 5, outputTokens: 2 };
      if (isSelection(options)) return { ...tokens, text: selection };
      if (isAnswerCall(options)) {
        const which = Number(/reason (\d+)/.exec(prompt(options))?.[1]);
        return { ...tokens, text: ` ${answers[which] ?? ''}.` };
      }
      return { ...tokens, text: ` I reason ${sample} and conclude.` };
    },
  });
}

const textQuestion = { text: 'What is the capital of France, in one word?', answer: { type: 'text' } } as const;
const numberQuestion = { text: 'Tom has 5 apples. He buys 3 more. How many apples does Tom have now?', answer: { type: 'number' } } as const;

async function events(model: LanguageModel, options: UniversalSelfConsistencyOptionsInput, question = textQuestion): Promise<ReasoningEvent[]> {
  const all: ReasoningEvent[] = [];
  for await (const event of usc.stream(model, question, options)) all.push(event);
  return all;
}

describe('universal-self-consistency: the selection prompt', () => {
  it('lists the responses numbered from 0 in the paper wording, then the primer', async () => {
    const text = uscSelectionPrompt(await loadUscPrompt(), 'What is 2 + 2?', [' 2 + 2 = 4. The answer is 4.\n', 'It is 5.']);
    expect(text).toBe(
      'I have generated the following responses to the question: What is 2 + 2?\n\n' +
        'Response 0: 2 + 2 = 4. The answer is 4.\nResponse 1: It is 5.\n\n' +
        'Evaluate these responses.\nSelect the most consistent response based on majority consensus.\n' +
        'Start your answer with "The most consistent response is Response X" (without quotes).' +
        PRIMER,
    );
  });

  it('sends it once, greedy, after the k responses of ONE sampling call, with the responses as sampled', async () => {
    const model = textModel(['Paris', 'Lyon', 'Paris'], ' 2.');
    const result = await answer(usc, model, textQuestion, { paths: 3, seed: 9 });
    const selection = model.calls.filter(isSelection);
    expect(selection).toHaveLength(1);
    expect(selection[0]).toMatchObject({ samples: 1, temperature: 0, maxTokens: 32, stop: ['\n'], seed: 9 });
    expect(model.calls[0]).toMatchObject({ samples: 3, temperature: 0.7, topK: 40 });
    for (const path of result.paths) expect(prompt(selection[0] as GenerateOptions)).toContain(`Response ${path.index}: ${path.text.trim()}`);
    expect(prompt(selection[0] as GenerateOptions)).toContain(`to the question: ${textQuestion.text}\n\n`);
  });
});

describe('universal-self-consistency: reading the choice', () => {
  const primer = { primer: 'The most consistent response is Response' };
  it.each([
    ['primed digit', ' 2.', 3, primer, { index: 2, rule: 'consistent-phrase' }],
    ['primed #digit', ' #1, since it agrees', 3, primer, { index: 1, rule: 'consistent-phrase' }],
    ['primed number word', ' two.', 3, primer, { index: 2, rule: 'consistent-phrase' }],
    ['primed, out of range', ' 3', 3, primer, { index: null, reason: 'out-of-range', named: 3 }],
    ['primed, no number', ' none of them agree', 3, primer, { index: null, reason: 'no-choice' }],
    ['the whole sentence', 'The most consistent response is Response 2.', 3, {}, { index: 2, rule: 'consistent-phrase' }],
    ['the sentence decides over later labels', 'The most consistent response is Response 1, not Response 2', 3, {}, { index: 1, rule: 'consistent-phrase' }],
    ['lower case, colon', 'the most consistent response is: response #0', 3, {}, { index: 0, rule: 'consistent-phrase' }],
    ['a label elsewhere', 'After evaluating them, response #1 is the most consistent.', 3, {}, { index: 1, rule: 'response-label' }],
    ['Response N', 'Response 0', 2, {}, { index: 0, rule: 'response-label' }],
    ['bare number', '1', 2, {}, { index: 1, rule: 'leading-number' }],
    ['bracketed number', ' (2) agrees with most', 4, {}, { index: 2, rule: 'leading-number' }],
    ['a number word alone names nothing', 'one of them is right', 4, {}, { index: null, reason: 'no-choice' }],
    ['numbered from 1: never shifted', 'Response 8', 8, {}, { index: null, reason: 'out-of-range', named: 8 }],
    ['a first index of 1', 'Response 1', 2, { firstIndex: 1 }, { index: 0, rule: 'response-label' }],
    ['empty', '', 4, primer, { index: null, reason: 'no-choice' }],
  ] as const)('%s: %j', (_name, text, count, options, expected) => {
    expect(parseSelection(text, count, options)).toEqual(expected);
  });
});

describe('universal-self-consistency: when the selection call is made', () => {
  const outcome = (answers: readonly (string | null)[], type: 'number' | 'text') => vote(answers.map((a) => ({ answer: a })), { spec: { type } });
  it.each([
    ['one path', ['4'], 'number', 'majority', { call: false, reason: 'single-path' }],
    ['one path, fallback none', [null], 'text', 'none', { call: false, reason: 'single-path' }],
    ['fallback none always calls', ['4', '4'], 'number', 'none', { call: true }],
    ['no path answered', [null, null, null], 'number', 'majority', { call: false, reason: 'no-answers' }],
    ['all agree (18 and 18.0 are one answer)', ['18', null, '18.0'], 'number', 'majority', { call: false, reason: 'unanimous' }],
    ['number, 3 of 4 answered, split', ['4', '5', '4', null], 'number', 'majority', { call: false, reason: 'answers-extracted' }],
    ['number, 2 of 4 answered, split', ['4', '5', null, null], 'number', 'majority', { call: true }],
    ['text, split', ['paris', 'lyon', 'paris'], 'text', 'majority', { call: true }],
  ] as const)('%s', (_name, answers, type, fallback, expected) => {
    expect(selectionPlan(answers.length, outcome(answers, type), type, fallback)).toEqual(expected);
  });
});

describe('universal-self-consistency: the answer, the votes, usage and events', () => {
  it('answers with the chosen response and its share of the vote, and keeps the vote table', async () => {
    const model = textModel(['Paris', 'Lyon', 'Lyon'], ' 0.');
    const result = await answer(usc, model, textQuestion, { paths: 3 });
    expect(result.answer).toBe('paris');
    expect(result.confidence).toBeCloseTo(1 / 3);
    expect(result.votes).toEqual([
      { answer: 'lyon', count: 2, share: 2 / 3 },
      { answer: 'paris', count: 1, share: 1 / 3 },
    ]);
    expect(result.settings).toMatchObject({
      strategy: 'universal-self-consistency',
      base: 'zero-shot-cot',
      paths: 3,
      fallback: 'majority',
      selection: 'usc',
      selectedIndex: 0,
      selectionText: ' 0.',
      selectionRule: 'consistent-phrase',
      selectionPrompt: 'chen2023-usc',
      maxSelectionTokens: 32,
    });
  });

  it('counts the selection call in usage', async () => {
    const model = textModel(['Paris', 'Lyon', 'Lyon'], ' 1');
    const result = await answer(usc, model, textQuestion, { paths: 3 });
    // 3 reasonings in one call, 3 answer calls, 1 selection call.
    expect(model.calls.map((c) => c.samples ?? 1)).toEqual([3, 1, 1, 1, 1]);
    expect(result.usage).toMatchObject({ inputTokens: 7 * 5, outputTokens: 7 * 2 });
  });

  it('announces the chosen answer in vote-end and end, and streams no text of the selection call', async () => {
    const all = await events(textModel(['Paris', 'Lyon', 'Lyon'], ' 0.'), { paths: 3 });
    const voteEnd = all.find((e) => e.type === 'vote-end');
    expect(voteEnd).toMatchObject({ answer: 'paris', votes: [{ answer: 'lyon' }, { answer: 'paris' }] });
    expect(all.filter((e) => e.type === 'text-delta').every((e) => e.type === 'text-delta' && e.index >= 0)).toBe(true);
    expect(all.filter((e) => e.type === 'path-end')).toHaveLength(3);
  });

  it('falls back to the majority when the choice cannot be read, and says so', async () => {
    const result = await answer(usc, textModel(['Paris', 'Lyon', 'Lyon'], ' the best one'), textQuestion, { paths: 3 });
    expect(result).toMatchObject({ answer: 'lyon', confidence: 2 / 3, settings: { selection: 'fallback-majority', selectionReason: 'no-choice', selectedIndex: null } });
    expect(result.warnings).toContain('universal-self-consistency: the selection call answered "the best one", naming no response; voted by majority');
  });

  it('falls back to the majority when the choice is out of range or gave no answer', async () => {
    const outOfRange = await answer(usc, textModel(['Paris', 'Lyon', 'Lyon'], ' 7'), textQuestion, { paths: 3 });
    expect(outOfRange).toMatchObject({ answer: 'lyon', settings: { selection: 'fallback-majority', selectionReason: 'out-of-range' } });
    expect(outOfRange.warnings).toContain('universal-self-consistency: the selection call answered "7", naming response 7, not one of 0..2; voted by majority');
    // The zero-shot answer call of path 1 says only "." — no answer.
    const silent = await answer(usc, textModel(['Paris', '', 'Lyon'], ' 1'), textQuestion, { paths: 3 });
    expect(silent.paths[1]?.answer).toBeNull();
    expect(silent).toMatchObject({ answer: 'paris', settings: { selection: 'fallback-majority', selectionReason: 'no-answer', selectedIndex: 1 } });
  });

  it("with fallback 'none', always selects, and an unreadable choice is no answer", async () => {
    const model = new MockLanguageModel({ respond: (options) => (isSelection(options) ? ' 1' : ' 5 + 3 = 8. The answer is 8.') });
    const chosen = await answer(usc, model, numberQuestion, { paths: 2, fallback: 'none' });
    expect(chosen).toMatchObject({ answer: '8', confidence: 1, settings: { selection: 'usc', selectedIndex: 1 } });
    const none = await answer(usc, textModel(['Paris', 'Lyon'], ' ?'), textQuestion, { paths: 2, fallback: 'none' });
    expect(none).toMatchObject({ answer: null, confidence: 0, votes: [{ count: 1 }, { count: 1 }], settings: { selection: 'usc', selectionReason: 'no-choice' } });
    expect(none.warnings).toContain('universal-self-consistency: the selection call answered "?", naming no response; no answer (fallback \'none\')');
  });

  it('votes without a selection call where the answers can be extracted', async () => {
    const answers = ['8', '8', '9', '8'];
    const model = new MockLanguageModel({ respond: (_o, sample) => ` 5 + 3 = ${answers[sample] ?? ''}. The answer is ${answers[sample] ?? ''}.` });
    const result = await answer(usc, model, numberQuestion, { paths: 4 });
    expect(model.calls).toHaveLength(1);
    expect(result).toMatchObject({ answer: '8', confidence: 0.75, settings: { base: 'chain-of-thought', exemplars: 'wei2022-math-annotator-a', selection: 'majority', selectionReason: 'answers-extracted', selectedIndex: null, selectionText: null } });
  });
});

describe('universal-self-consistency: how the responses are sampled', () => {
  it("auto: few-shot CoT with the question's set for non-text types, zero-shot for text without exemplars", async () => {
    const coin = { text: 'A coin is heads up. Ka flips the coin. Is the coin still heads up?', answer: { type: 'yes-no' } } as const;
    const flips = await answer(usc, new MockLanguageModel({ respond: ' So the answer is no.' }), coin, { paths: 2 });
    expect(flips.settings).toMatchObject({ base: 'chain-of-thought', exemplars: 'wei2022-coin-flip', selection: 'majority', selectionReason: 'unanimous' });
    const text = await answer(usc, textModel(['Paris', 'Paris'], ' 0'), textQuestion, { paths: 2 });
    expect(text.settings).toMatchObject({ base: 'zero-shot-cot', maxReasoningTokens: 128, maxAnswerTokens: 32 });
    const letters = { text: 'Take the last letters of the words in "Elon Musk" and concatenate them.', answer: { type: 'text' } } as const;
    const model = new MockLanguageModel({ respond: (options, sample) => (isSelection(options) ? ' 1' : ` Concatenating them is "n${sample}". The answer is n${sample}.`) });
    const named = await answer(usc, model, letters, { paths: 2, exemplars: 'wei2022-last-letter-concatenation', maxTokens: 64 });
    expect(named).toMatchObject({ answer: 'n1', settings: { base: 'chain-of-thought', exemplars: 'wei2022-last-letter-concatenation', maxTokens: 64, selection: 'usc' } });
    expect(String(model.calls[0]?.prompt)).toMatch(/^Q: Take the last letters of the words in "Elon Musk"/);
  });

  it('rejects exemplars with base zero-shot-cot, and bad options all at once', async () => {
    const error: unknown = await answer(usc, textModel([], ''), textQuestion, { base: 'zero-shot-cot', exemplars: 'wei2022-csqa', paths: 0, fallback: 'vote' as 'none' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues.map((i) => i.path.join('.')).sort()).toEqual(['exemplars', 'fallback', 'paths']);
  });
});

describe.skipIf(bundledModelPath() === undefined)('universal-self-consistency on Concord Mini (model/concord-mini.gguf)', () => {
  let model: LanguageModel;
  beforeAll(async () => {
    model = await openModel({ sequences: 8, contextSize: 2048 });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  // The model never saw the selection prompt: this checks the pipeline end to end, not what it chooses.
  it('samples, lists and selects on a letters and an arithmetic item', async () => {
    const letters = { text: 'Take the last letters of the words in "Maria Lopez" and concatenate them.', answer: { type: 'text' } } as const;
    const words = await answer(usc, model, letters, { paths: 4, exemplars: 'wei2022-last-letter-concatenation', fallback: 'none', maxTokens: 96 });
    expect(words.paths).toHaveLength(4);
    expect(words.settings).toMatchObject({ selection: 'usc', selectionText: expect.any(String) });
    expect(words.usage.inputTokens).toBeGreaterThan(0);
    const sums = await answer(usc, model, numberQuestion, { paths: 4, exemplars: 'concord-arithmetic', maxTokens: 96 });
    expect(sums.paths).toHaveLength(4);
    expect(['usc', 'majority', 'fallback-majority']).toContain(sums.settings.selection);
  });
});
