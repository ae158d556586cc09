/**
 * BBH's 3-shot CoT prompts (`cot-prompts/<task>.txt`, Suzgun et al. 2022) as an ExemplarSet. A file is: a canary
 * line and a `-----` line (removed), the task description, then `Q: …\nA: Let's think step by step.\n… So the
 * answer is X.` exemplars separated by blank lines.
 *
 * The set prompts `Q: {question}\nA:`, as the shipped sets do; the exemplars' answers all start with "Let's think
 * step by step.", so a model continues with it (BBH's own prompt writes it after the test question's `A:`; ending
 * there would make the direct style, answer-only exemplars, end on a reasoning trigger). The description is kept as
 * `instruction`: the few-shot builder has no preamble, so it is not printed.
 */
import { parseExemplarSet, type ExemplarSet } from '../../prompts/index.js';
import type { AnswerType } from '../../spec/answer.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';

export const BBH_ANSWER_PHRASE = 'So the answer is';

/** Labels that src/prompts' exemplarAnswerType reads as the task's answer type. */
const TYPE_LABELS: Readonly<Record<AnswerType, string>> = {
  number: 'number',
  choice: 'multiple-choice letter, upper case in parentheses as printed: (A)',
  'yes-no': 'yes/no',
  text: 'text, compared as exact strings',
  math: 'math',
};

interface RawExemplar {
  question: string;
  full_answer_text: string;
  rationale: string;
  answer: string;
}

function bad(file: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError([{ path: ['exemplars'], message: `BBH prompt ${file}: ${message}` }]);
}

/** Parses one prompt file's text; `file` names it in errors and in `source`. */
export function parseBbhPrompt(text: string, task: string, answerType: AnswerType, file: string): ExemplarSet {
  let lines = text.replace(/\r\n/gu, '\n').split('\n');
  if (lines[1]?.trim() === '-----') lines = lines.slice(2);
  else if (/canary/iu.test(lines[0] ?? '')) throw bad(file, 'line 2 should be the "-----" after the canary line');
  const [head = '', ...blocks] = `\n\n${lines.join('\n').trim()}`.split(/\n\nQ: /u);
  if (blocks.length === 0) throw bad(file, 'has no "Q: " exemplar');
  const exemplars = blocks.map((block, index): RawExemplar => {
    const split = block.indexOf('\nA: ');
    if (split < 0) throw bad(file, `exemplar ${index + 1} has no "\\nA: " line`);
    const answerText = block.slice(split + 4).trim();
    const at = answerText.lastIndexOf(BBH_ANSWER_PHRASE);
    if (at < 0) throw bad(file, `exemplar ${index + 1} does not end with "${BBH_ANSWER_PHRASE} …."`);
    return {
      question: block.slice(0, split).trim(),
      full_answer_text: answerText,
      rationale: answerText.slice(0, at).trim(),
      answer: answerText.slice(at + BBH_ANSWER_PHRASE.length).trim().replace(/\.$/u, ''),
    };
  });
  return parseExemplarSet(
    {
      id: `bbh-${task}`,
      paper: 'Suzgun et al. 2022, Challenging BIG-Bench Tasks and Whether Chain-of-Thought Can Solve Them, arXiv:2210.09261',
      source: { repo: 'suzgunmirac/BIG-Bench-Hard', path: `cot-prompts/${task}.txt`, file },
      benchmarks: [`BBH ${task}`],
      instruction: head.trim(),
      format: {
        question_prefix: 'Q: ',
        answer_prefix: 'A: ',
        question_answer_separator: '\n',
        separator: '\n\n',
        test_prompt_suffix: 'Q: {question}\nA:',
        stop: ['\n\nQ:', 'Q:'],
        answer_phrase: BBH_ANSWER_PHRASE,
        answer_template: `${BBH_ANSWER_PHRASE} {answer}.`,
        answer_type: TYPE_LABELS[answerType],
      },
      num_exemplars: exemplars.length,
      exemplars,
      notes: 'Parsed from the BBH cot-prompts file; canary and "-----" lines removed. The task description is `instruction` (not printed).',
    },
    file,
  );
}
