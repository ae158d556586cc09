/** A task backed by data files: one file per split under the data dir, read and turned into items by a loader. */
import type { ExemplarSet } from '../../prompts/index.js';
import { unknownNameMessage } from '../../prompts/index.js';
import type { AnswerType } from '../../spec/answer.js';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';
import { PAPER_DEFAULTS, type LoadedTask, type LoadOptions, type Task, type TaskDefaults } from '../task.js';
import { readDataFile, type DataFile } from './records.js';

export interface DatasetDefinition {
  readonly name: string;
  readonly description: string;
  readonly answerType: AnswerType;
  readonly exemplars?: string | ExemplarSet;
  /** @default PAPER_DEFAULTS */
  readonly defaults?: TaskDefaults;
  /** Split → file relative to the data dir, in order: the first is the default split. */
  readonly files: Readonly<Record<string, string>>;
  /** The items of one file; `collectItems` applies `limit` and `skipBadRecords`. */
  read(file: DataFile, options: LoadOptions): LoadedTask | Promise<LoadedTask>;
}

/** The split to load (the first by default); a bad split or limit is an InvalidArgumentError with its path. */
export function checkLoadOptions(task: Pick<Task, 'name' | 'splits'>, options: LoadOptions): string {
  const issues: ArgumentIssue[] = [];
  const split = options.split ?? task.splits[0] ?? '';
  if (!task.splits.includes(split)) {
    issues.push({ path: ['split'], message: unknownNameMessage(`split of ${task.name}`, split, task.splits) });
  }
  if (options.limit !== undefined && !(Number.isSafeInteger(options.limit) && options.limit >= 0)) {
    issues.push({ path: ['limit'], message: `must be a whole number ≥ 0, got ${String(options.limit)}` });
  }
  if (issues.length > 0) throw new InvalidArgumentError(issues);
  return split;
}

export function defineDataset(definition: DatasetDefinition): Task {
  const splits = Object.keys(definition.files);
  const task: Task = {
    name: definition.name,
    description: definition.description,
    answerType: definition.answerType,
    ...(definition.exemplars === undefined ? {} : { exemplars: definition.exemplars }),
    splits,
    defaults: definition.defaults ?? PAPER_DEFAULTS,
    async load(options: LoadOptions): Promise<LoadedTask> {
      const split = checkLoadOptions(task, options);
      const file = await readDataFile(options.dataDir, definition.files[split] ?? '');
      const loaded = await definition.read(file, options);
      return task.exemplars === undefined || loaded.exemplars !== undefined ? loaded : { ...loaded, exemplars: task.exemplars };
    },
  };
  return task;
}
