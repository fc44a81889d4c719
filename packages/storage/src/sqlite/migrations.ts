// SQLite migrations run in one IMMEDIATE transaction on the writer: the file lock keeps
// other processes out, and the mutex keeps this process's own writers out.
import { sql } from 'slonik';
import { ledgerSession, type LedgerDialect } from '../migrations/ledger.ts';
import type { MigrationTarget } from '../migrations/runner.ts';
import type { Executor } from '../sql/executor.ts';
import type { SqliteConnections } from './connection.ts';
import { beginTransaction, rootExecutor } from './executor.ts';

function ledgerDialect(connections: SqliteConnections): LedgerDialect {
  return {
    hasTable: (executor: Executor, name: string) =>
      executor
        .maybeRow(sql.unsafe`SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ${name}`)
        .then((row) => row !== null),
    createLedger: sql.unsafe`
      CREATE TABLE IF NOT EXISTS prefect_server_ts_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z')
      )`,
    runScript: async (script) => {
      connections.writer.exec(script);
    },
  };
}

export function sqliteMigrationTarget(connections: SqliteConnections): MigrationTarget {
  return {
    locked: (fn) => beginTransaction(connections, (tx) => fn(ledgerSession(tx, ledgerDialect(connections))), true),
    inspect: (fn) => fn(ledgerSession(rootExecutor(connections), ledgerDialect(connections))),
  };
}
