/**
 * The run store: one SQLite file (WAL) holding any number of evaluation runs. Every finished path is written as
 * it completes, every finished item in one transaction with its paths' final state, so a run killed at any
 * moment loses at most the item in flight, and resuming never repeats a finished item.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readConfig, type Environment } from '../config/index.js';
import { editDistance } from '../prompts/index.js';
import type { AnswerSpec } from '../spec/answer.js';
import { DisposedError, InvalidArgumentError } from '../spec/errors/index.js';
import type { FinishReason } from '../spec/model.js';
import type { ReasoningPath } from '../spec/result.js';
import type { ScoredItem } from './metrics.js';
import { recordFromResult, type RecordedQuestion } from './recorded.js';
import { concordVersion, gitCommit, runConfigSchema, type RunConfig, type RunStatus } from './run-config.js';
import { SCHEMA, SCHEMA_VERSION, type ItemRow, type PathRow, type RunRow, type WriterRow } from './run-store-schema.js';

export interface RunInfo {
  readonly id: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly task: string;
  readonly split: string | null;
  readonly strategy: string;
  /** `provider/modelId`. */
  readonly model: string;
  readonly config: RunConfig;
  readonly concordVersion: string;
  readonly gitCommit: string | null;
  readonly status: RunStatus;
  /**
   * The process writing the run now, if one is (its heartbeat is fresh and, on this host, the process exists). A
   * run `running` with no writer was interrupted (killed, or its machine went down) and can be resumed.
   */
  readonly writer: RunWriter | null;
  /** Items the run covers. */
  readonly itemCount: number;
  /** Items with a row, failures included. */
  readonly finishedItems: number;
  readonly failedItems: number;
}

export interface RunWriter {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601: the writer's last heartbeat. */
  readonly heartbeatAt: string;
}

/** A run claimed for writing by this process: its heartbeat goes on until `release()`. */
export interface RunClaim extends Disposable {
  release(): void;
}

/** How often a writer's heartbeat is written, and how old one may be before its writer counts as gone. */
export const WRITER_HEARTBEAT_MS = 5_000;
export const WRITER_TIMEOUT_MS = 30_000;

export interface NewRun {
  readonly config: RunConfig;
  readonly itemCount: number;
  /** @default a new id: `run-YYYYMMDD-HHMMSS-xxxxxx` (UTC, 6 random hex digits) */
  readonly id?: string;
}

/** One finished item: a scored vote, or a failure (`error` set, `voted` null, not correct). */
export interface FinishedItem {
  readonly id: string;
  /** Its place in the task's data order, from 0. */
  readonly position: number;
  readonly question: string;
  readonly gold: string;
  readonly spec: AnswerSpec;
  readonly voted: string | null;
  readonly correct: boolean;
  readonly confidence: number;
  readonly seconds: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly error?: string;
  /** Every path of the item: its final state. Paths stored for the item but not listed are deleted. */
  readonly paths: readonly ReasoningPath[];
}

export interface StoredPath {
  readonly index: number;
  readonly text: string;
  readonly answer: string | null;
  readonly rule: string | null;
  readonly tokens: number;
  readonly logprob?: number;
  readonly finishReason: FinishReason;
}

export interface StoredItem extends Omit<FinishedItem, 'paths' | 'error'> {
  readonly error: string | null;
  /** ISO 8601. */
  readonly finishedAt: string;
  readonly paths: readonly StoredPath[];
}

/** The store file to use: the option, else CONCORD_STORE, else `.concord/runs.sqlite`, resolved against the cwd. */
export function resolveStorePath(option?: string, env: Environment = process.env): string {
  const chosen = option !== undefined && option.trim() !== '' ? option : readConfig(env).store;
  return chosen === ':memory:' ? chosen : path.resolve(chosen);
}

export class RunStore implements Disposable {
  /** The file, absolute (or `:memory:`). */
  readonly path: string;
  #db: Database.Database | undefined;

  /**
   * Opens (creating where missing, with its folder) the store file; `path` defaults as `resolveStorePath`. With
   * `mustExist`, a missing file is an error instead: reading commands should not create an empty store at a typo.
   */
  constructor(file?: string, options: { readonly mustExist?: boolean } = {}) {
    this.path = resolveStorePath(file);
    if (options.mustExist && this.path !== ':memory:' && !existsSync(this.path)) {
      throw new InvalidArgumentError([{ path: ['store'], message: `no run store at ${this.path}: run concord eval first, or name the file with --store` }]);
    }
    if (this.path !== ':memory:') mkdirSync(path.dirname(this.path), { recursive: true });
    const db = new Database(this.path, { timeout: 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      db.pragma('foreign_keys = ON');
      const found = db.pragma('user_version', { simple: true });
      if (typeof found === 'number' && found > SCHEMA_VERSION) {
        throw new InvalidArgumentError(`run store ${this.path} has schema version ${found}; this Concord reads up to ${SCHEMA_VERSION}`);
      }
      db.exec(SCHEMA);
      // Only when it changes: writing it is a commit, which readers see as a change of the file.
      if (found !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
  }

  get #live(): Database.Database {
    if (this.#db === undefined) throw new DisposedError(`RunStore ${this.path}`);
    return this.#db;
  }

  /** Records a new run, status `running`, with Concord's version and git commit. */
  createRun(run: NewRun): RunInfo {
    const config = runConfigSchema.parse(run.config);
    const id = run.id ?? newRunId();
    this.#live
      .prepare(
        `INSERT INTO runs (id, created_at, task, split, strategy, model, config_json, concord_version, git_commit, status, item_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(
        id,
        new Date().toISOString(),
        config.task,
        config.split,
        config.strategy,
        `${config.model.provider}/${config.model.modelId}`,
        JSON.stringify(config),
        concordVersion(),
        gitCommit(),
        run.itemCount,
      );
    return this.getRun(id);
  }

  /** Writes one finished path at once; a path already stored under its index (a killed attempt's) is replaced. */
  recordPath(runId: string, itemId: string, p: ReasoningPath): void {
    this.#insertPath.run(runId, itemId, p.index, p.text, p.answer, p.rule, p.tokens, p.logprob ?? null, encodeFinishReason(p.finishReason));
  }

  /** Writes a finished item and its paths' final state in one transaction (replacing an earlier row of it). */
  recordItem(runId: string, item: FinishedItem): void {
    const db = this.#live;
    db.transaction(() => {
      db.prepare('DELETE FROM paths WHERE run_id = ? AND item_id = ?').run(runId, item.id);
      for (const p of item.paths) this.recordPath(runId, item.id, p);
      db.prepare(
        `INSERT OR REPLACE INTO items (run_id, item_id, position, question, gold, spec_json, voted, correct, confidence, seconds,
           input_tokens, output_tokens, error, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        runId,
        item.id,
        item.position,
        item.question,
        item.gold,
        JSON.stringify(item.spec),
        item.voted,
        item.correct ? 1 : 0,
        item.confidence,
        item.seconds,
        item.inputTokens,
        item.outputTokens,
        item.error ?? null,
        new Date().toISOString(),
      );
    })();
  }

  /** Sets a run's status: `done` or `stopped` when it ends, `running` again when it is resumed. */
  setRunStatus(runId: string, status: RunStatus): void {
    this.getRun(runId);
    this.#live.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, runId);
  }

  finishRun(runId: string, status: Exclude<RunStatus, 'running'> = 'done'): void {
    this.setRunStatus(runId, status);
  }

  /**
   * Claims the run for writing by this process, so no second process (or second call here) writes it at the same
   * time: an InvalidArgumentError names the writer it already has. A writer counts as gone once its heartbeat is
   * older than WRITER_TIMEOUT_MS, or at once when it ran on this host and its process no longer exists (a run
   * killed a moment ago can be resumed right away).
   */
  claimRun(runId: string): RunClaim {
    this.getRun(runId);
    const db = this.#live;
    const token = randomBytes(8).toString('hex');
    db.transaction(() => {
      const current = db.prepare('SELECT * FROM run_writers WHERE run_id = ?').get(runId) as WriterRow | undefined;
      if (current !== undefined && isWriterAlive(current)) {
        const ago = Math.max(0, Math.round((Date.now() - current.heartbeat_at) / 1000));
        throw new InvalidArgumentError([
          {
            path: ['runId'],
            message: `run ${runId} is being written by process ${current.pid} on ${current.host} (heartbeat ${ago} s ago); wait for it to end, or stop it first`,
          },
        ]);
      }
      db.prepare('INSERT OR REPLACE INTO run_writers (run_id, token, pid, host, heartbeat_at) VALUES (?, ?, ?, ?, ?)').run(runId, token, process.pid, hostname(), Date.now());
    }).immediate();
    const beat = db.prepare('UPDATE run_writers SET heartbeat_at = ? WHERE run_id = ? AND token = ?');
    const heartbeat = setInterval(() => {
      try {
        if (this.#db !== undefined) beat.run(Date.now(), runId, token);
      } catch {
        // The file stayed locked past the busy timeout: this beat is missed, the next one will come (a writer is
        // taken for gone only after several).
      }
    }, WRITER_HEARTBEAT_MS);
    heartbeat.unref();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (this.#db !== undefined) this.#db.prepare('DELETE FROM run_writers WHERE run_id = ? AND token = ?').run(runId, token);
    };
    return { release, [Symbol.dispose]: release };
  }

  /** Every run, newest first. */
  listRuns(): RunInfo[] {
    const rows = this.#live.prepare(`${RUN_SELECT} ORDER BY r.created_at DESC, r.id DESC`).all() as RunRow[];
    return rows.map(runInfo);
  }

  /** The run with this id; an unknown id is an InvalidArgumentError naming the ids closest to it. */
  getRun(id: string): RunInfo {
    const row = this.#live.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
    if (row !== undefined) return runInfo(row);
    const ids = (this.#live.prepare('SELECT id FROM runs ORDER BY created_at DESC').all() as { id: string }[]).map((r) => r.id);
    throw new InvalidArgumentError([{ path: ['runId'], message: unknownRunMessage(id, ids, this.path) }]);
  }

  /** Ids of the items scored (not failed): a resumed run skips them and tries the failed ones again. */
  finishedItemIds(runId: string): Set<string> {
    this.getRun(runId);
    const rows = this.#live.prepare('SELECT item_id FROM items WHERE run_id = ? AND error IS NULL').all(runId) as { item_id: string }[];
    return new Set(rows.map((r) => r.item_id));
  }

  /** The finished items with their paths, in data order. */
  items(runId: string): StoredItem[] {
    this.getRun(runId);
    const db = this.#live;
    const rows = db.prepare('SELECT * FROM items WHERE run_id = ? ORDER BY position').all(runId) as ItemRow[];
    const pathRows = db
      .prepare('SELECT p.* FROM paths p JOIN items i USING (run_id, item_id) WHERE p.run_id = ? ORDER BY p.item_id, p.path_index')
      .all(runId) as PathRow[];
    const byItem = new Map<string, StoredPath[]>();
    for (const row of pathRows) {
      const list = byItem.get(row.item_id) ?? [];
      list.push(storedPath(row));
      byItem.set(row.item_id, list);
    }
    return rows.map((row) => storedItem(row, byItem.get(row.item_id) ?? []));
  }

  /** The finished items as the metrics take them, in data order. */
  scoredItems(runId: string): ScoredItem[] {
    return this.items(runId).map((item) => ({
      id: item.id,
      gold: item.gold,
      spec: item.spec,
      paths: item.paths.map((p) => ({ answer: p.answer, tokens: p.tokens, ...(p.logprob === undefined ? {} : { logprob: p.logprob }) })),
      voted: item.voted,
      correct: item.correct,
      confidence: item.confidence,
      seconds: item.seconds,
      inputTokens: item.inputTokens,
      outputTokens: item.outputTokens,
    }));
  }

  /**
   * The run's generations as recorded-JSONL records (`formatRecorded` writes them one per line), for offline voting
   * and stopping; failed items are left out.
   */
  exportRecorded(runId: string): RecordedQuestion[] {
    return this.items(runId)
      .filter((item) => item.error === null)
      .map((item) => recordFromResult({ id: item.id, question: item.question, gold: item.gold, spec: item.spec }, item));
  }

  /** The connection's journal mode, synchronous level and busy timeout (diagnostics; they are per connection). */
  connectionSettings(): { journalMode: string; synchronous: string; busyTimeoutMs: number } {
    const db = this.#live;
    const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    const level = Number(db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: levels[level] ?? String(level),
      busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
    };
  }

  /** Closes the file; later calls throw DisposedError. Idempotent. */
  dispose(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #pathStatement: Database.Statement | undefined;
  get #insertPath(): Database.Statement {
    const db = this.#live;
    this.#pathStatement ??= db.prepare(
      `INSERT OR REPLACE INTO paths (run_id, item_id, path_index, text, answer, rule, tokens, logprob, finish_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.#pathStatement;
  }
}

const RUN_SELECT = `SELECT r.*,
  (SELECT COUNT(*) FROM items i WHERE i.run_id = r.id) AS finished_items,
  (SELECT COUNT(*) FROM items i WHERE i.run_id = r.id AND i.error IS NOT NULL) AS failed_items,
  w.pid AS writer_pid, w.host AS writer_host, w.heartbeat_at AS writer_heartbeat_at
  FROM runs r LEFT JOIN run_writers w ON w.run_id = r.id`;

/** Whether a run's writer is still there: a fresh heartbeat, and on this host a process with its id. */
function isWriterAlive(writer: Pick<WriterRow, 'pid' | 'host' | 'heartbeat_at'>, now = Date.now()): boolean {
  if (now - writer.heartbeat_at > WRITER_TIMEOUT_MS) return false;
  if (writer.host !== hostname()) return true;
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

function runInfo(row: RunRow): RunInfo {
  const parsed = runConfigSchema.safeParse(JSON.parse(row.config_json));
  if (!parsed.success) throw new Error(`run ${row.id}: its stored configuration is not one this Concord reads: ${parsed.error.message}`);
  return {
    id: row.id,
    createdAt: row.created_at,
    task: row.task,
    split: row.split,
    strategy: row.strategy,
    model: row.model,
    config: parsed.data,
    concordVersion: row.concord_version,
    gitCommit: row.git_commit,
    status: row.status as RunStatus,
    writer: runWriter(row),
    itemCount: row.item_count,
    finishedItems: row.finished_items,
    failedItems: row.failed_items,
  };
}

function runWriter(row: RunRow): RunWriter | null {
  if (row.writer_pid === null || row.writer_host === null || row.writer_heartbeat_at === null) return null;
  const writer = { pid: row.writer_pid, host: row.writer_host, heartbeat_at: row.writer_heartbeat_at };
  return isWriterAlive(writer) ? { pid: writer.pid, host: writer.host, heartbeatAt: new Date(writer.heartbeat_at).toISOString() } : null;
}

/** The ids near `id` (a typo, a prefix, a fragment), closest first; else the newest ones. */
function unknownRunMessage(id: string, ids: readonly string[], file: string): string {
  if (ids.length === 0) return `unknown run "${id}": the store ${file} has no runs`;
  const limit = Math.max(2, Math.floor(id.length / 3));
  const close = ids
    .map((candidate) => ({ candidate, distance: candidate.includes(id) ? 0 : editDistance(id, candidate) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 5)
    .map((c) => c.candidate);
  if (close.length > 0) return `unknown run "${id}"; did you mean ${close.map((c) => `"${c}"`).join(', ')}?`;
  return `unknown run "${id}"; the newest runs in ${file}: ${ids.slice(0, 5).join(', ')}`;
}

function encodeFinishReason(reason: FinishReason): string {
  return reason.raw === undefined ? reason.unified : `${reason.unified}:${reason.raw}`;
}

function decodeFinishReason(text: string): FinishReason {
  const colon = text.indexOf(':');
  const unified = (colon < 0 ? text : text.slice(0, colon)) as FinishReason['unified'];
  return { unified, raw: colon < 0 ? undefined : text.slice(colon + 1) };
}

function storedPath(row: PathRow): StoredPath {
  return {
    index: row.path_index,
    text: row.text,
    answer: row.answer,
    rule: row.rule,
    tokens: row.tokens,
    ...(row.logprob === null ? {} : { logprob: row.logprob }),
    finishReason: decodeFinishReason(row.finish_reason),
  };
}

function storedItem(row: ItemRow, paths: readonly StoredPath[]): StoredItem {
  return {
    id: row.item_id,
    position: row.position,
    question: row.question,
    gold: row.gold,
    // Written by recordItem from a checked spec.
    spec: JSON.parse(row.spec_json) as AnswerSpec,
    voted: row.voted,
    correct: row.correct === 1,
    confidence: row.confidence,
    seconds: row.seconds,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    error: row.error,
    finishedAt: row.finished_at,
    paths,
  };
}
