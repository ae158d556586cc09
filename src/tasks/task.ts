/** What a benchmark task is: its items, answer type, exemplars, splits and the papers' sampling defaults. */
import type { AnswerSpec, AnswerType } from '../spec/answer.js';
import type { ExemplarSet } from '../prompts/index.js';

export interface TaskItem {
  /** Stable: the record's own id, else `${file}:${line}` (JSON Lines, 1-based) or `${file}[${index}]` (JSON arrays); file relative to the data dir. */
  readonly id: string;
  /** Formatted as the task's exemplars format theirs (the table in shared/prompts/README.md). */
  readonly question: string;
  /** The gold answer in its canonical form (normaliseAnswer of src/answers for the item's spec). */
  readonly answer: string;
  /** Per item: choice letters differ between items (ARC has 3-5 options, BBH up to 18). */
  readonly answerSpec: AnswerSpec;
}

export interface TaskDefaults {
  /** Self-consistency sampling temperature (Wang et al. 2022: 0.7 for PaLM and GPT-3). */
  readonly temperature: number;
  readonly topK: number;
  /** Sampled paths per question (Wang et al. 2022: 40). */
  readonly paths: number;
  /** Most tokens per path: 256, 512 for MATH. */
  readonly maxTokens: number;
}

export interface LoadOptions {
  /** The folder that holds the data sets (see resolveDataDir); synthetic tasks ignore it. */
  readonly dataDir: string;
  /** @default the task's first split */
  readonly split?: string;
  /** Load at most this many items (the first ones). Synthetic tasks: how many to generate. @default all; synthetic 200 */
  readonly limit?: number;
  /** Keep loading past malformed records and list them in `skipped`, instead of throwing. @default false */
  readonly skipBadRecords?: boolean;
  /** Synthetic tasks: the generator seed. @default 7 */
  readonly seed?: number;
}

export interface BadRecord {
  /** The data file, relative to the data dir. */
  readonly file: string;
  /** 1-based; for a JSON array, the line where the element starts. */
  readonly line: number;
  /** What is wrong, with the field path (`question.stem: expected string, received undefined`). */
  readonly message: string;
}

export interface LoadedTask {
  readonly items: readonly TaskItem[];
  readonly skipped: readonly BadRecord[];
  /**
   * What to prompt these items with: `task.exemplars`, except for BBH, whose set is parsed from the same data dir
   * the items came from. Undefined: no few-shot set fits, use zero-shot-cot.
   */
  readonly exemplars?: string | ExemplarSet;
}

export interface Task {
  /** 'gsm8k', 'bbh/boolean_expressions', 'letters', ...: see taskNames(). */
  readonly name: string;
  readonly description: string;
  /** The items' answer type (a few BBH items whose gold is not an option are 'text'; see bbh.ts). */
  readonly answerType: AnswerType;
  /**
   * What few-shot strategies prompt with: a shipped set id (e.g. 'wei2022-math-annotator-a') or an in-memory set
   * (BBH's cot-prompts/<task>.txt, parsed from the default data dir when read; prefer LoadedTask.exemplars, parsed
   * from the data dir that was loaded). Undefined: the papers give no few-shot set (shuffled objects, MATH), so the
   * harness uses zero-shot-cot.
   */
  readonly exemplars?: string | ExemplarSet;
  /** The first is the default; synthetic tasks: ['in', 'out']. */
  readonly splits: readonly string[];
  readonly defaults: TaskDefaults;
  load(options: LoadOptions): Promise<LoadedTask>;
}

/** The self-consistency paper's sampling (Wang et al. 2022: T 0.7, top-k 40, 40 paths) with 256 tokens per path. */
export const PAPER_DEFAULTS: TaskDefaults = { temperature: 0.7, topK: 40, paths: 40, maxTokens: 256 };

/** MATH solutions are long: 512 tokens per path. */
export const MATH_DEFAULTS: TaskDefaults = { ...PAPER_DEFAULTS, maxTokens: 512 };
