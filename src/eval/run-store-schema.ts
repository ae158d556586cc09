/** The run store's tables (schema version 1) and the shapes of their rows as better-sqlite3 returns them. */

export const SCHEMA_VERSION = 1;

/**
 * `items` has no foreign key to `paths` or back: a path row is written the moment its path finishes, before its
 * item's row exists (the item is written once all its paths are in). Both belong to a run.
 *
 * `run_writers` holds the process writing a run (at most one), with a heartbeat in milliseconds since the epoch. It
 * came after version 1 without a version change: it is only added, and a Concord that does not know it ignores it.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  task TEXT NOT NULL,
  split TEXT,
  strategy TEXT NOT NULL,
  model TEXT NOT NULL,
  config_json TEXT NOT NULL,
  concord_version TEXT NOT NULL,
  git_commit TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'stopped')),
  item_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  question TEXT NOT NULL,
  gold TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  voted TEXT,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  confidence REAL NOT NULL,
  seconds REAL NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  error TEXT,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (run_id, item_id)
);
CREATE TABLE IF NOT EXISTS paths (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  path_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  answer TEXT,
  rule TEXT,
  tokens INTEGER NOT NULL,
  logprob REAL,
  finish_reason TEXT NOT NULL,
  PRIMARY KEY (run_id, item_id, path_index)
);
CREATE INDEX IF NOT EXISTS items_by_position ON items (run_id, position);
CREATE TABLE IF NOT EXISTS run_writers (
  run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  token TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`;

export interface RunRow {
  readonly id: string;
  readonly created_at: string;
  readonly task: string;
  readonly split: string | null;
  readonly strategy: string;
  readonly model: string;
  readonly config_json: string;
  readonly concord_version: string;
  readonly git_commit: string | null;
  readonly status: string;
  readonly item_count: number;
  readonly finished_items: number;
  readonly failed_items: number;
  readonly writer_pid: number | null;
  readonly writer_host: string | null;
  readonly writer_heartbeat_at: number | null;
}

export interface ItemRow {
  readonly item_id: string;
  readonly position: number;
  readonly question: string;
  readonly gold: string;
  readonly spec_json: string;
  readonly voted: string | null;
  readonly correct: number;
  readonly confidence: number;
  readonly seconds: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly error: string | null;
  readonly finished_at: string;
}

export interface PathRow {
  readonly item_id: string;
  readonly path_index: number;
  readonly text: string;
  readonly answer: string | null;
  readonly rule: string | null;
  readonly tokens: number;
  readonly logprob: number | null;
  /** `unified` or `unified:raw`, e.g. `stop:eos`. */
  readonly finish_reason: string;
}

export interface WriterRow {
  readonly run_id: string;
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly heartbeat_at: number;
}
