/**
 * Reading data files record by record: JSON Lines and JSON arrays, each record validated with zod, each problem
 * reported with the file and the 1-based line. Every loader in this folder goes through `collectItems`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { normaliseAnswer } from '../../answers/index.js';
import type { AnswerSpec } from '../../spec/answer.js';
import { InvalidArgumentError } from '../../spec/errors/index.js';
import type { BadRecord, LoadedTask, LoadOptions, TaskItem } from '../task.js';
import { arrayElementLines, lineAt } from './json-position.js';

export interface DataFile {
  /** Relative to the data dir, with forward slashes: the prefix of item ids. */
  readonly relative: string;
  /** As opened: the data dir joined with `relative`. */
  readonly path: string;
  readonly text: string;
}

/** One record before validation; `error` when it is not even JSON. */
export interface RawRecord {
  readonly line: number;
  /** Position among the file's records, 0-based. */
  readonly index: number;
  /** `${file}:${line}` for JSON Lines, `${file}[${index}]` for arrays: the item id when the record has none. */
  readonly ref: string;
  /** Where the record sits in the file's JSON, e.g. `["examples", 3]`; empty for JSON Lines. */
  readonly at: readonly (string | number)[];
  readonly value?: unknown;
  readonly error?: string;
}

/** A record that parsed but cannot become an item (a gold answer that is not an option, no `####`). */
export class RecordProblem extends Error {
  override readonly name = 'RecordProblem';
  constructor(
    message: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
  }
}

/** Reads `<dataDir>/<relative>`; a missing file names the path and how to point Concord at the data. */
export async function readDataFile(dataDir: string, relative: string): Promise<DataFile> {
  const file = path.join(dataDir, ...relative.split('/'));
  try {
    return { relative, path: file, text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
    const message = `cannot read data file ${file}: ${reason}. The data dir is ${dataDir}; set it with the dataDir option or the CONCORD_DATA_DIR variable`;
    throw new InvalidArgumentError([{ path: ['dataDir'], message }], { cause: error });
  }
}

/** JSON Lines (blank lines and a missing final newline are fine); a line that is not JSON is a bad record. */
export function jsonLinesRecords(file: DataFile): RawRecord[] {
  const records: RawRecord[] = [];
  file.text.split('\n').forEach((raw, at) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    const line = at + 1;
    const base = { line, index: records.length, ref: `${file.relative}:${line}`, at: [] };
    try {
      records.push({ ...base, value: JSON.parse(text) as unknown });
    } catch (error) {
      records.push({ ...base, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  return records;
}

/**
 * The elements of the array at `at` in a JSON file (`[]`: the file is the array; `["examples"]`: BIG-bench). A file
 * that is not JSON cannot be read past its error, so it throws even when bad records are skipped.
 */
export function jsonArrayRecords(file: DataFile, at: readonly string[] = []): RawRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(reason)?.[1];
    const where = position === undefined ? '' : ` line ${lineAt(file.text, Number(position))}`;
    throw new InvalidArgumentError(`data file ${file.path}${where} is not valid JSON: ${reason}`, { cause: error });
  }
  let array: unknown = json;
  for (const key of at) {
    array = typeof array === 'object' && array !== null && !Array.isArray(array) ? (array as Record<string, unknown>)[key] : undefined;
  }
  if (!Array.isArray(array)) {
    const what = at.length === 0 ? 'a JSON array' : `an object with an array "${at.join('.')}"`;
    throw new InvalidArgumentError(`data file ${file.path} is not ${what} of records`);
  }
  const lines = arrayElementLines(file.text, at);
  return array.map((value: unknown, index) => ({ line: lines[index] ?? 1, index, ref: `${file.relative}[${index}]`, at: [...at, index], value }));
}

/** A JSON array when the file starts with `[`, else JSON Lines: users' copies come in both. */
export function jsonRecords(file: DataFile): RawRecord[] {
  return file.text.trimStart().startsWith('[') ? jsonArrayRecords(file) : jsonLinesRecords(file);
}

/** `examples[3].target` */
export function formatPath(segments: readonly (string | number | symbol)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

function zodMessage(error: z.ZodError, at: readonly (string | number)[]): string {
  return error.issues.map((issue) => `${formatPath([...at, ...issue.path]) || 'record'}: ${issue.message}`).join('; ');
}

/** The canonical gold answer, or a RecordProblem when the data's answer is not one of the type. */
export function goldAnswer(raw: string, spec: AnswerSpec, field: readonly (string | number)[]): string {
  const gold = normaliseAnswer(raw, spec);
  if (gold === null) throw new RecordProblem(`gold answer ${JSON.stringify(raw)} is not a valid ${spec.type} answer`, field);
  return gold;
}

const MAX_LISTED = 20;

/**
 * Validates each record and turns it into an item, in file order, until `limit` items (ids must be unique). Bad records throw one
 * InvalidArgumentError listing them all (file and line each), unless `skipBadRecords`: then they are returned in
 * `skipped` and do not count towards the limit.
 */
export function collectItems<Schema extends z.ZodType>(
  file: DataFile,
  records: readonly RawRecord[],
  schema: Schema,
  toItem: (record: z.output<Schema>, raw: RawRecord) => TaskItem,
  options: Pick<LoadOptions, 'limit' | 'skipBadRecords'>,
): LoadedTask {
  const items: TaskItem[] = [];
  const skipped: BadRecord[] = [];
  // Item ids key a run's results: two items with one id would overwrite each other.
  const ids = new Map<string, number>();
  const bad = (raw: RawRecord, message: string): void => {
    skipped.push({ file: file.path, line: raw.line, message });
  };
  for (const raw of records) {
    if (options.limit !== undefined && items.length >= options.limit) break;
    if (raw.error !== undefined) {
      bad(raw, raw.error);
      continue;
    }
    const parsed = schema.safeParse(raw.value);
    if (!parsed.success) {
      bad(raw, zodMessage(parsed.error, raw.at));
      continue;
    }
    try {
      const item = toItem(parsed.data, raw);
      const first = ids.get(item.id);
      if (first !== undefined) throw new RecordProblem(`id ${JSON.stringify(item.id)} repeats the one at line ${first}`);
      ids.set(item.id, raw.line);
      items.push(item);
    } catch (error) {
      if (!(error instanceof RecordProblem || error instanceof InvalidArgumentError)) throw error;
      const where = error instanceof RecordProblem ? formatPath([...raw.at, ...error.path]) : formatPath(raw.at);
      bad(raw, where === '' ? error.message : `${where}: ${error.message}`);
    }
  }
  if (skipped.length > 0 && options.skipBadRecords !== true) {
    const listed = skipped.slice(0, MAX_LISTED).map((b) => ({ path: [], message: `${b.file} line ${b.line}: ${b.message}` }));
    const more = skipped.length - listed.length;
    const tail = `${more > 0 ? `${more} more bad records; ` : ''}set skipBadRecords (concord eval --skip-bad-records) to load the rest and list these as skipped`;
    throw new InvalidArgumentError([...listed, { path: [], message: tail }]);
  }
  return { items, skipped };
}
