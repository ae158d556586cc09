/** Every task by name, and where their data is. */
import { unknownNameMessage } from '../prompts/index.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { aqua } from './datasets/aqua.js';
import { arcChallenge, arcEasy } from './datasets/arc.js';
import { bbhTasks } from './datasets/bbh.js';
import { bigbenchDate, bigbenchDateChoice, shuffledObjects } from './datasets/bigbench.js';
import { commonsenseqa } from './datasets/commonsenseqa.js';
import { gsmHard } from './datasets/gsm-hard.js';
import { gsm8k } from './datasets/gsm8k.js';
import { math, math500 } from './datasets/math.js';
import { multiarith } from './datasets/multiarith.js';
import { sports } from './datasets/sports.js';
import { strategyqa } from './datasets/strategyqa.js';
import { syntheticTaskList } from './synthetic-tasks.js';
import type { Task } from './task.js';

export { resolveDataDir, defaultDataDir, packageRoot } from './data-dir.js';

const tasks: readonly Task[] = [
  gsm8k,
  gsmHard,
  aqua,
  multiarith,
  strategyqa,
  commonsenseqa,
  arcEasy,
  arcChallenge,
  bigbenchDate,
  bigbenchDateChoice,
  sports,
  shuffledObjects,
  ...bbhTasks,
  math500,
  math,
  ...syntheticTaskList,
];

const byName = new Map(tasks.map((task) => [task.name, task]));

/** Every task name, in a stable order: the papers' benchmarks, the 27 BBH tasks, MATH, then the synthetic tasks. */
export function taskNames(): string[] {
  return tasks.map((task) => task.name);
}

/** The task of that name (case-insensitive); an unknown name is an InvalidArgumentError with a "did you mean". */
export function resolveTask(name: string): Task {
  const task = byName.get(name) ?? byName.get(name.trim().toLowerCase());
  if (task === undefined) throw new InvalidArgumentError([{ path: ['task'], message: unknownNameMessage('task', name, taskNames()) }]);
  return task;
}
