// Extraction on the papers' own exemplar answers (../shared/prompts): each printed chain of thought must give its
// stored answer, the way a model that copies the exemplars' style would.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnswerSpec } from '../spec/answer.js';
import { extractAnswer } from './extract.js';
import { normaliseAnswer } from './normalise.js';

interface Exemplar {
  readonly question: string;
  readonly rationale: string;
  readonly answer: string;
  readonly full_answer_text: string;
}

// The shared folder sits beside the checkout (/work/shared) or inside it (shared/).
const PROMPTS = ['../../shared/prompts', '../../../shared/prompts']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(dir));

const AE: AnswerSpec = { type: 'choice', letters: ['A', 'B', 'C', 'D', 'E'] };
const SPECS: Readonly<Record<string, AnswerSpec>> = {
  'cot-wei2022/gsm8k-8shot.json': { type: 'number' },
  'cot-wei2022/gsm8k-8shot-annotator-b.json': { type: 'number' },
  'cot-wei2022/gsm8k-8shot-annotator-c.json': { type: 'number' },
  'cot-wei2022/aqua-4shot.json': AE,
  'cot-wei2022/csqa-7shot.json': AE,
  'cot-wei2022/strategyqa-6shot.json': { type: 'yes-no' },
  'cot-wei2022/sports-understanding-8shot.json': { type: 'yes-no' },
  'cot-wei2022/coin-flip-8shot.json': { type: 'yes-no' },
  'cot-wei2022/last-letter-concatenation-4shot.json': { type: 'text' },
  'cot-wei2022/date-understanding-6shot.json': { type: 'text' },
  'self-consistency-wang2022/aqua-4shot.json': AE,
  'self-consistency-wang2022/arc-4shot.json': { type: 'choice', letters: ['A', 'B', 'C', 'D'] },
  'self-consistency-wang2022/math-8shot.json': { type: 'number' },
};

function load(file: string): Exemplar[] {
  const data = JSON.parse(readFileSync(`${PROMPTS ?? ''}/${file}`, 'utf8')) as { exemplars: Exemplar[] };
  return data.exemplars;
}

describe.skipIf(PROMPTS === undefined)('exemplar answers of the CoT and SC papers (shared/prompts)', () => {
  it('covers every exemplar file there is', () => {
    const files = ['cot-wei2022', 'self-consistency-wang2022'].flatMap((dir) =>
      readdirSync(`${PROMPTS ?? ''}/${dir}`).map((name) => `${dir}/${name}`),
    );
    expect(files.sort()).toEqual(Object.keys(SPECS).sort());
  });

  const cases = Object.entries(SPECS).flatMap(([file, spec]) =>
    (PROMPTS === undefined ? [] : load(file)).map((exemplar, index) => ({ name: `${file} #${index + 1}`, spec, exemplar })),
  );

  it.each(cases)('$name: full answer text gives the stored answer', ({ spec, exemplar }) => {
    const gold = normaliseAnswer(exemplar.answer, spec);
    expect(gold).not.toBeNull();
    expect(extractAnswer(exemplar.full_answer_text, spec)).toEqual({ answer: gold, rule: 'answer-phrase' });
  });

  it.each(cases)('$name: a continuation that runs on into the next question still reads the right answer', ({ spec, exemplar }) => {
    const completion = ` ${exemplar.full_answer_text}\n\nQ: ${exemplar.question}\nA: There are 3 more, (a) or yes.`;
    expect(extractAnswer(completion, spec).answer).toBe(normaliseAnswer(exemplar.answer, spec));
  });

  it.each(cases)('$name: the rationale alone, through the fallbacks, abstains or is right, never wrong', ({ spec, exemplar }) => {
    const { answer } = extractAnswer(exemplar.rationale, spec);
    if (answer !== null) expect(answer).toBe(normaliseAnswer(exemplar.answer, spec));
  });

  it('falls back to the last number on every math rationale, and to the last quoted string on last letters', () => {
    for (const file of Object.keys(SPECS).filter((f) => f.includes('gsm8k') || f.includes('math'))) {
      for (const exemplar of load(file)) {
        expect(extractAnswer(exemplar.rationale, { type: 'number' })).toEqual({ answer: exemplar.answer, rule: 'last-number' });
      }
    }
    for (const exemplar of load('cot-wei2022/last-letter-concatenation-4shot.json')) {
      expect(extractAnswer(exemplar.rationale, { type: 'text' })).toEqual({ answer: exemplar.answer, rule: 'last-quoted' });
    }
  });
});
