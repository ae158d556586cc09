import { z } from 'zod';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';
import { issuesFromZod } from '../../util/zod-issues.js';
import { checkRecords, type RecordedQuestion, type RecordedQuestionInput } from './replay-format.js';

/** The options of `new ReplayModel(...)` other than the records, checked with zod. */
export const replayModelOptionsSchema = z.strictObject({
  /** Reported as `modelId`, e.g. the model that made the recording. @default 'recorded' */
  modelId: z.string().min(1).default('recorded'),
  /**
   * Explicit matches: a prompt's question (the text of its last `Q: …\nA:` block), or a whole text prompt, → the id
   * of the record to serve. Consulted before matching records by their `question` text. @default {}
   */
  ids: z.record(z.string(), z.string().min(1)).default({}),
  /** Wait this long before each completion, to simulate a model's latency (abortable). @default 0 */
  delayMs: z.number().min(0).max(60_000).default(0),
});

export interface ReplayModelOptions extends z.input<typeof replayModelOptionsSchema> {
  /** The recorded questions, as parsed from a file (see readRecorded) or as plain values in the file's shape. */
  readonly records: readonly (RecordedQuestion | RecordedQuestionInput)[];
}

export interface ResolvedReplayModelOptions extends z.output<typeof replayModelOptionsSchema> {
  readonly records: readonly RecordedQuestion[];
}

/** Validates the options and the records, reporting every problem at once with its path. */
export function resolveReplayModelOptions(options: ReplayModelOptions): ResolvedReplayModelOptions {
  const { records, ...rest } = options;
  const issues: ArgumentIssue[] = [];
  const parsed = replayModelOptionsSchema.safeParse(rest);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error.issues, ['ReplayModel']));
  let checked: RecordedQuestion[] = [];
  if (!Array.isArray(records)) issues.push({ path: ['ReplayModel', 'records'], message: 'must be an array of recorded questions' });
  else {
    try {
      checked = checkRecords(records, ['ReplayModel', 'records']);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (parsed.success) {
    const known = new Set(checked.map((r) => r.id));
    for (const [key, id] of Object.entries(parsed.data.ids)) {
      if (checked.length > 0 && !known.has(id)) issues.push({ path: ['ReplayModel', 'ids', key], message: `no record has id ${JSON.stringify(id)}` });
    }
  }
  if (issues.length > 0 || !parsed.success) throw new InvalidArgumentError(issues);
  return { ...parsed.data, records: checked };
}
