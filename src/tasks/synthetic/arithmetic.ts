/**
 * Multi-step arithmetic stories in the style of the CoT paper's GSM8K exemplars. One sentence is one step, and the
 * rationale restates each sentence with its equation, so the model copies the question's structure step by step:
 * Q: Tom has 5 apples. He buys 3 more. He gives 2 to Ann. How many apples does Tom have now?
 * A: Tom has 5 apples. He buys 3 more, so 5 + 3 = 8. He gives 2 to Ann, so 8 - 2 = 6. The answer is 6.
 * Operators are ASCII ` + `, ` - `, ` * ` and ` / ` (as GSM8K exemplar 6 writes `5 * 4 = 20`). Every operand,
 * intermediate value and answer is an integer in 1..MAX_VALUE (100); division is always exact.
 */
import { FEMALE_NAMES, FIRST_NAMES, MALE_NAMES } from './names.js';
import { fill } from './tokens.js';
import type { Problem, Rng, TaskGenerator } from './types.js';

export type Operator = '+' | '-' | '*' | '/';

/** `{He}`, `{he}`, `{him}`: the protagonist's pronouns; `{other}`: a second person; `{n}`: the operand. */
export const STEP_TEMPLATES = {
  buy: { op: '+', text: '{He} buys {n} more' },
  find: { op: '+', text: '{He} finds {n} more' },
  win: { op: '+', text: '{He} wins {n} more' },
  receive: { op: '+', text: '{other} gives {him} {n} more' },
  give: { op: '-', text: '{He} gives {n} to {other}' },
  lose: { op: '-', text: '{He} loses {n}' },
  sell: { op: '-', text: '{He} sells {n}' },
  use: { op: '-', text: '{He} uses {n}' },
  times: { op: '*', text: 'Now {he} has {n} times as many' },
  trade: { op: '*', text: '{He} trades each one for {n} new ones' },
  split: { op: '/', text: '{He} splits them into {n} equal groups and keeps one group' },
  bag: { op: '/', text: '{He} puts them into {n} equal bags and keeps one bag' },
} as const satisfies Record<string, { op: Operator; text: string }>;

export type StepKind = keyof typeof STEP_TEMPLATES;
const STEP_KINDS = Object.keys(STEP_TEMPLATES) as StepKind[];

const OPENINGS = ['{name} has {n} {objects}.', '{name} starts with {n} {objects}.'] as const;
const QUESTION = 'How many {objects} does {name} have now?';
const STEP_RATIONALE = '{step}, so {a} {op} {b} = {c}.';

export const OBJECTS: readonly string[] = (
  'apples pencils marbles stickers cookies books cards shells stamps toys balloons candies eggs oranges pens ' +
  'crayons rocks cups flowers beads buttons blocks bottles cakes carrots cherries grapes lemons peaches plums ' +
  'muffins donuts bagels lollipops chocolates cars kites hats socks ribbons'
).split(' ');

const PRONOUNS = {
  female: { He: 'She', he: 'she', him: 'her' },
  male: { He: 'He', he: 'he', him: 'him' },
} as const;

export interface ArithmeticStep {
  readonly kind: StepKind;
  readonly n: number;
  /** The second person of `receive` and `give`. */
  readonly other?: string;
}

export interface ArithmeticStory {
  /** A name of FEMALE_NAMES or MALE_NAMES (it picks the pronoun). */
  readonly name: string;
  readonly objects: string;
  readonly start: number;
  /** Index into the two openings ("has", "starts with"). @default 0 */
  readonly opening?: 0 | 1;
  readonly steps: readonly ArithmeticStep[];
}

/**
 * Small numbers: every value is a single number token, so each step is a fact the model must learn; values up to
 * 100 and operands up to 15 keep that table within what a 2 M-parameter model learns in an hour.
 */
export const MAX_VALUE = 100;
const START = [2, 30] as const;
const ADD_MAX = 15;
const FACTORS = [2, 3, 4] as const;

/** The exact result, or undefined when it would leave 1..MAX_VALUE (100) or not be an integer. */
export function applyStep(op: Operator, a: number, b: number): number | undefined {
  const c = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  return Number.isInteger(c) && c >= 1 && c <= MAX_VALUE ? c : undefined;
}

function pronounsOf(name: string): (typeof PRONOUNS)['female' | 'male'] {
  if (FEMALE_NAMES.includes(name)) return PRONOUNS.female;
  if (MALE_NAMES.includes(name)) return PRONOUNS.male;
  throw new RangeError(`unknown arithmetic name ${name}`);
}

export function arithmeticProblem(story: ArithmeticStory): Problem {
  const pronouns = pronounsOf(story.name);
  const opening = fill(OPENINGS[story.opening ?? 0], { name: story.name, n: story.start, objects: story.objects });
  const sentences = [opening];
  const reasons = [opening];
  let value = story.start;
  for (const step of story.steps) {
    const template = STEP_TEMPLATES[step.kind];
    const text = fill(template.text, { ...pronouns, n: step.n, other: step.other ?? '' });
    if (template.text.includes('{other}') && (step.other === undefined || step.other === story.name)) {
      throw new RangeError(`step ${step.kind} needs another person`);
    }
    const next = applyStep(template.op, value, step.n);
    if (next === undefined) throw new RangeError(`${value} ${template.op} ${step.n} leaves 1..${MAX_VALUE}`);
    sentences.push(`${text}.`);
    reasons.push(fill(STEP_RATIONALE, { step: text, a: value, op: template.op, b: step.n, c: next }));
    value = next;
  }
  sentences.push(fill(QUESTION, { objects: story.objects, name: story.name }));
  return {
    question: sentences.join(' '),
    rationale: reasons.join(' '),
    answer: String(value),
    difficulty: story.steps.length,
  };
}

/** Operands that keep `value op n` in range; empty when the operator cannot follow `value`. */
function operands(op: Operator, value: number): number[] {
  const range = (lo: number, hi: number): number[] =>
    Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
  if (op === '+') return range(1, Math.min(ADD_MAX, MAX_VALUE - value));
  if (op === '-') return range(1, Math.min(ADD_MAX, value - 1));
  return FACTORS.filter((n) => applyStep(op, value, n) !== undefined);
}

/** Operators are drawn uniformly among those possible, then a template of that operator, then an operand. */
function drawStory(rng: Rng, length: number): ArithmeticStory {
  const name = rng.pick(FIRST_NAMES);
  const start = rng.int(START[0], START[1]);
  const steps: ArithmeticStep[] = [];
  let value = start;
  for (let i = 0; i < length; i++) {
    const ops = (['+', '-', '*', '/'] as const).filter((op) => operands(op, value).length > 0);
    const op = rng.pick(ops);
    const kind = rng.pick(STEP_KINDS.filter((k) => STEP_TEMPLATES[k].op === op));
    const n = rng.pick(operands(op, value));
    const needsOther = STEP_TEMPLATES[kind].text.includes('{other}');
    steps.push(needsOther ? { kind, n, other: rng.pick(FIRST_NAMES.filter((o) => o !== name)) } : { kind, n });
    value = applyStep(op, value, n) ?? value;
  }
  return { name, objects: rng.pick(OBJECTS), start, opening: rng.pick([0, 1] as const), steps };
}

export const arithmeticTask: TaskGenerator = {
  name: 'arithmetic',
  answerType: 'number',
  answerTemplate: 'The answer is {answer}.',
  lengthUnit: 'steps',
  maxLength: 10,
  templates: [...OPENINGS, QUESTION, STEP_RATIONALE, ...STEP_KINDS.map((k) => STEP_TEMPLATES[k].text)],
  fillerWords: [...OBJECTS, ...Object.values(PRONOUNS).flatMap((p) => Object.values(p))],
  names: FIRST_NAMES,
  answerIsSpelled: false,
  draw: (rng, length) => arithmeticProblem(drawStory(rng, length)),
};
