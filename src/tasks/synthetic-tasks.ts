/**
 * The synthetic tasks (./synthetic) as Tasks: items generated, not read, so `dataDir` is ignored. Splits `in`
 * (held-out questions of the training lengths) and `out` (longer); `seed` @default 7, `limit` = how many @default 200.
 */
import { normaliseAnswer } from '../answers/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { checkLoadOptions } from './datasets/define.js';
import { generateItems, type SyntheticSplit, type SyntheticTaskName } from './synthetic/index.js';
import { PAPER_DEFAULTS, type LoadedTask, type LoadOptions, type Task, type TaskItem } from './task.js';

export const SYNTHETIC_DEFAULT_SEED = 7;
export const SYNTHETIC_DEFAULT_COUNT = 200;

interface SyntheticDefinition {
  readonly name: SyntheticTaskName;
  readonly description: string;
  readonly spec: AnswerSpec;
  readonly exemplars: string;
}

const definitions: readonly SyntheticDefinition[] = [
  {
    name: 'letters',
    description: 'Last-letter concatenation (Wei et al. 2022), generated: names of 2-3 words (in), 4-5 (out); text answers.',
    spec: { type: 'text' },
    exemplars: 'wei2022-last-letter-concatenation',
  },
  {
    name: 'coin-flip',
    description: 'Coin flip (Wei et al. 2022), generated: 2-3 people (in), 4-5 (out); is the coin still heads up? yes/no.',
    spec: { type: 'yes-no' },
    exemplars: 'wei2022-coin-flip',
  },
  {
    name: 'arithmetic',
    description: 'GSM8K-like arithmetic stories, generated: 2-3 steps (in), 4-5 (out); numeric answers.',
    spec: { type: 'number' },
    exemplars: 'concord-arithmetic',
  },
];

function syntheticTask(definition: SyntheticDefinition): Task {
  const task: Task = {
    name: definition.name,
    description: definition.description,
    answerType: definition.spec.type,
    exemplars: definition.exemplars,
    splits: ['in', 'out'],
    defaults: PAPER_DEFAULTS,
    // async: a bad option rejects the promise, as the data-set tasks' do.
    async load(options: LoadOptions): Promise<LoadedTask> {
      const split = checkLoadOptions(task, options) as SyntheticSplit;
      const generated = generateItems(definition.name, split, {
        seed: options.seed ?? SYNTHETIC_DEFAULT_SEED,
        count: options.limit ?? SYNTHETIC_DEFAULT_COUNT,
      });
      const items = generated.map((item): TaskItem => {
        const answer = normaliseAnswer(item.answer, definition.spec);
        if (answer === null) throw new Error(`generator gave ${item.id} the answer ${JSON.stringify(item.answer)}, not a ${definition.spec.type} answer`);
        return { id: item.id, question: item.question, answer, answerSpec: definition.spec };
      });
      return { items, skipped: [], exemplars: definition.exemplars };
    },
  };
  return task;
}

export const syntheticTaskList: readonly Task[] = definitions.map(syntheticTask);
