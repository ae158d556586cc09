/**
 * ARC-Easy and ARC-Challenge in LLM-Adapters' format: one JSON array of `{instruction, input, output, answer}`. The
 * question and its 3-5 options are inside `instruction`:
 * `Please choose the correct answer to the question: {q}\n\nAnswer1: {o1} Answer2: {o2} …\n\nAnswer format: answer1/answer2/…`;
 * the count comes from the `Answer format:` line and the gold from `answer` (`answerN`, 1-based). The question is
 * formatted as the self-consistency paper's ARC exemplars: `{q} (a) {o1}. (b) {o2}.` (each option ends with one period).
 */
import { z } from 'zod';
import type { Task } from '../task.js';
import { choiceSpec, optionLetters, type Option } from './choices.js';
import { defineDataset } from './define.js';
import { collectItems, goldAnswer, jsonRecords, RecordProblem } from './records.js';

const recordSchema = z.object({
  instruction: z.string().min(1),
  input: z.string().optional(),
  output: z.string().optional(),
  answer: z.string().regex(/^answer\d+$/u, 'must be "answerN"'),
});

const INSTRUCTION_RE = /^Please choose the correct answer to the question: (?<question>.*)\n\n(?<options>Answer1: .*)\n\nAnswer format: (?<format>answer\d+(?:\/answer\d+)*)\s*$/su;

export interface ArcQuestion {
  readonly question: string;
  readonly options: readonly Option[];
}

/** The question and options of an LLM-Adapters ARC instruction. */
export function parseArcInstruction(instruction: string): ArcQuestion {
  const groups = INSTRUCTION_RE.exec(instruction)?.groups;
  if (groups === undefined) throw new RecordProblem('is not "Please choose the correct answer to the question: …" with Answer1..N and an Answer format line', ['instruction']);
  const count = (groups['format'] ?? '').split('/').length;
  const letters = optionLetters(count);
  const body = groups['options'] ?? '';
  const options = letters.map((letter, index) => {
    const marker = `Answer${index + 1}: `;
    const start = body.indexOf(marker);
    const next = index + 1 < count ? body.indexOf(` Answer${index + 2}: `, start) : body.length;
    if (start < 0 || next < 0) throw new RecordProblem(`has no "${marker.trim()}" for its ${count} options`, ['instruction']);
    return { letter, text: body.slice(start + marker.length, next).trim() };
  });
  return { question: (groups['question'] ?? '').trim(), options };
}

/** `{q} (a) {o1}. (b) {o2}.`: an option that ends with a period already gets no second one. */
export function arcQuestionText(arc: ArcQuestion): string {
  const options = arc.options.map((o) => `(${o.letter.toLowerCase()}) ${o.text.replace(/\.+$/u, '')}.`);
  return `${arc.question} ${options.join(' ')}`;
}

function arcTask(name: 'arc-easy' | 'arc-challenge', folder: string, label: string): Task {
  return defineDataset({
    name,
    description: `AI2 Reasoning Challenge, ${label} set (Clark et al. 2018): grade-school science questions with 3-5 options.`,
    answerType: 'choice',
    exemplars: 'wang2022-sc-arc',
    files: { test: `arc/${folder}/test.json` },
    read: (file, options) =>
      collectItems(
        file,
        jsonRecords(file),
        recordSchema,
        (record, raw) => {
          const arc = parseArcInstruction(record.instruction);
          const spec = choiceSpec(arc.options);
          const index = Number(record.answer.slice('answer'.length)) - 1;
          const letter = optionLetters(arc.options.length)[index];
          if (letter === undefined) throw new RecordProblem(`${record.answer} but the question has ${arc.options.length} options`, ['answer']);
          return { id: raw.ref, question: arcQuestionText(arc), answer: goldAnswer(letter, spec, ['answer']), answerSpec: spec };
        },
        options,
      ),
  });
}

export const arcEasy = arcTask('arc-easy', 'ARC-Easy', 'Easy');
export const arcChallenge = arcTask('arc-challenge', 'ARC-Challenge', 'Challenge');
