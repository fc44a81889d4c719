// SQLite connection configuration: Prefect's PRAGMAs, a version floor, and the connection
// layout (one writer plus one reader for files; exactly one connection for :memory:).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { compareVersions } from '../versions.ts';
import { Mutex } from './mutex.ts';

/** RETURNING (3.35) is used on every insert and update. */
export const MINIMUM_SQLITE_VERSION = '3.35.0';

export interface SqliteConnections {
  readonly path: string;
  readonly memory: boolean;
  readonly writer: BetterSqlite3.Database;
  /** Serves reads outside transactions; WAL lets it read while the writer writes. Same as writer for :memory:. */
  readonly reader: BetterSqlite3.Database;
  /** Held for every write, and for every statement on :memory:. */
  readonly mutex: Mutex;
}

export interface SqliteConnectionOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly echo?: (statement: string) => void;
}

export function assertSqliteVersion(version: string): void {
  if (compareVersions(version, MINIMUM_SQLITE_VERSION) < 0) {
    throw new Error(
      `SQLite ${version} is too old: prefect-server-ts needs SQLite ${MINIMUM_SQLITE_VERSION} or newer (for RETURNING). ` +
        'Upgrade better-sqlite3, or use Postgres through PREFECT_API_DATABASE_CONNECTION_URL.',
    );
  }
}

/**
 * A checkpoint copies the newest version of each page the WAL holds back into the database
 * file, and runs inside the COMMIT that crosses this many pages. SQLite's 1,000 pages (4 MiB)
 * hold a handful of commits that each rewrite the same index pages (a batch of logs, a run's
 * states), so most commits paid for a checkpoint that copied those pages again: with 10,000,
 * 200-log batches went from 36 to 47 per second at 32 clients. The WAL file may grow to 40 MiB.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

function configure(db: BetterSqlite3.Database, busyTimeoutMs: number, writer: boolean): void {
  if (writer) {
    // WAL lets readers proceed during a write; NORMAL sync is safe under WAL and avoids an
    // fsync per commit.
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('legacy_alter_table = OFF');
  db.pragma('synchronous = NORMAL');
  // 8 MiB of page cache per connection (a negative size is in KiB). Prefect asks for 20000
  // pages, ~78 MiB per connection once the database outgrows it; with a writer and a reader
  // that was most of the server's RSS, for a filter over 10,000 runs ~15% faster: the pages
  // it misses come from the OS page cache.
  db.pragma('cache_size = -8192');
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
}

function open(path: string, options: SqliteConnectionOptions): BetterSqlite3.Database {
  return new BetterSqlite3(path, {
    timeout: options.busyTimeoutMs,
    ...(options.echo ? { verbose: (message?: unknown) => options.echo!(String(message)) } : {}),
  });
}

export function openSqlite(options: SqliteConnectionOptions): SqliteConnections {
  const memory = options.path === ':memory:';
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  const writer = open(options.path, options);
  try {
    assertSqliteVersion(writer.prepare('SELECT sqlite_version() AS v').pluck().get() as string);
    configure(writer, options.busyTimeoutMs, true);
  } catch (error) {
    writer.close();
    throw error;
  }
  let reader = writer;
  if (!memory) {
    reader = open(options.path, options);
    configure(reader, options.busyTimeoutMs, false);
  }
  return { path: options.path, memory, writer, reader, mutex: new Mutex() };
}

export function closeSqlite(connections: SqliteConnections): void {
  if (connections.reader !== connections.writer) connections.reader.close();
  connections.writer.close();
}

export function effectivePragmas(db: BetterSqlite3.Database): Record<string, string | number> {
  const names = ['journal_mode', 'wal_autocheckpoint', 'foreign_keys', 'legacy_alter_table', 'synchronous', 'cache_size', 'busy_timeout'];
  return Object.fromEntries(names.map((name) => [name, db.pragma(name, { simple: true }) as string | number]));
}
