/**
 * The recorded-generations format (JSONL): one question per line,
 *   {"id": string, "question"?: string, "answer": gold, "answerType": "number"|"choice"|"yes-no"|"text"|"math",
 *    "choices"?: string[], "samples": [string | {"text": string, "logprob"?: number, "tokens"?: number}]}
 * `logprob` is the completion's summed token log-probability, `tokens` its generated tokens. Blank lines are
 * skipped; a gold answer given as a JSON number is read as its decimal string. Unknown fields are errors, so a typo
 * ("choice" for "choices") cannot silently change the scoring.
 *
 * It lives with the replay backend, the lowest layer that reads it; eval re-exports it (src/eval/recorded.ts).
 */

import { issuesFromZod } from '../../util/zod-issues.js';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';

export const RECORDED_ANSWER_TYPES = ['number', 'choice', 'yes-no', 'text', 'math'] as const;
export type RecordedAnswerType = (typeof RECORDED_ANSWER_TYPES)[number];

export interface RecordedSample {
  readonly text: string;
  /** Sum of the completion's token log-probabilities. */
  readonly logprob?: number;
  /** Tokens the completion generated. */
  readonly tokens?: number;
}

export interface RecordedQuestion {
  readonly id: string;
  readonly question?: string;
  /** The gold answer. */
  readonly answer: string;
  readonly answerType: RecordedAnswerType;
  /** Option texts of a choice question; their count sets the letters (A, B, …). */
  readonly choices?: readonly string[];
  /** In the order they were sampled. */
  readonly samples: readonly RecordedSample[];
}

const sampleObjectSchema = z.strictObject(
  {
    text: z.string(),
    logprob: z.number().refine((x) => Number.isFinite(x) && x <= 1e-6, 'must be a finite log-probability ≤ 0').optional(),
    tokens: z.number().int().min(0).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be a string or {"text": string, "logprob"?: number, "tokens"?: number}' : undefined) },
);

/** A sample: a string is its text. */
export const recordedSampleSchema = z
  .preprocess((value) => (typeof value === 'string' ? { text: value } : value), sampleObjectSchema)
  .transform((s): RecordedSample => {
    const { text, logprob, tokens } = s;
    return { text, ...(logprob === undefined ? {} : { logprob }), ...(tokens === undefined ? {} : { tokens }) };
  });

export const recordedQuestionSchema = z
  .strictObject({
    id: z.string().min(1),
    question: z.string().optional(),
    answer: z.union([z.string(), z.number().refine(Number.isFinite, 'must be finite').transform(String)]),
    answerType: z.enum(RECORDED_ANSWER_TYPES),
    choices: z.array(z.string()).min(1).max(26).optional(),
    samples: z.array(recordedSampleSchema).min(1, 'must hold at least one sample'),
  })
  .transform((r): RecordedQuestion => {
    const { question, choices, ...rest } = r;
    return { ...rest, ...(question === undefined ? {} : { question }), ...(choices === undefined ? {} : { choices }) };
  });

/** What a caller may pass where records are expected: samples as strings or objects. */
export type RecordedQuestionInput = z.input<typeof recordedQuestionSchema>;

/**
 * Parses JSONL text. Every bad line is reported at once, in one InvalidArgumentError whose issues' paths start
 * with `file:line` (1-based) and continue with the field, e.g. `runs.jsonl:3.samples.0.text`. Repeated ids are errors.
 */
export function parseRecorded(text: string, file = '<input>'): RecordedQuestion[] {
  const collector = new RecordCollector();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      collector.issues.push({ path: [where], message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    collector.add(json, [where], `line ${index + 1}`);
  });
  return collector.finish();
}

/** Validates records given as values (the replay model's option); issue paths are `root.index.field`. */
export function checkRecords(records: readonly unknown[], root: readonly (string | number)[] = ['records']): RecordedQuestion[] {
  const collector = new RecordCollector();
  records.forEach((record, index) => collector.add(record, [...root, index], `entry ${index}`));
  return collector.finish();
}

class RecordCollector {
  readonly issues: ArgumentIssue[] = [];
  readonly #records: RecordedQuestion[] = [];
  readonly #firstSeen = new Map<string, string>();

  add(value: unknown, path: readonly (string | number)[], label: string): void {
    const parsed = recordedQuestionSchema.safeParse(value);
    if (!parsed.success) {
      this.issues.push(...issuesFromZod(parsed.error.issues, path));
      return;
    }
    const seen = this.#firstSeen.get(parsed.data.id);
    if (seen !== undefined) {
      this.issues.push({ path: [...path, 'id'], message: `repeats id ${JSON.stringify(parsed.data.id)} of ${seen}` });
      return;
    }
    this.#firstSeen.set(parsed.data.id, label);
    this.#records.push(parsed.data);
  }

  finish(): RecordedQuestion[] {
    if (this.issues.length > 0) throw new InvalidArgumentError(this.issues);
    return this.#records;
  }
}

export async function readRecorded(file: string): Promise<RecordedQuestion[]> {
  return parseRecorded(await readFile(file, 'utf8'), file);
}

/** One JSON line per record, ending in a newline; samples with only text are written as plain strings. */
export function formatRecorded(records: readonly RecordedQuestion[]): string {
  return records
    .map((r) =>
      JSON.stringify({
        id: r.id,
        ...(r.question === undefined ? {} : { question: r.question }),
        answer: r.answer,
        answerType: r.answerType,
        ...(r.choices === undefined ? {} : { choices: r.choices }),
        samples: r.samples.map((s) => (s.logprob === undefined && s.tokens === undefined ? s.text : s)),
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export async function writeRecorded(file: string, records: readonly RecordedQuestion[]): Promise<void> {
  await writeFile(file, formatRecorded(records), 'utf8');
}
