// Postgres migrations run in one transaction under an advisory lock, so that replicas
// starting together wait for the first one instead of racing it.
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { ledgerSession, type LedgerDialect } from '../migrations/ledger.ts';
import type { MigrationTarget } from '../migrations/runner.ts';
import { splitStatements, sqlFromText } from '../sql/sql-file.ts';
import type { Executor } from '../sql/executor.ts';
import { postgresExecutor } from './executor.ts';

/** An arbitrary constant that names this lock in pg_locks: "prefect-server-ts migrations". */
export const MIGRATION_LOCK_KEY = 7_036_223_931_117_002;

function ledgerDialect(connection: CommonQueryMethods): LedgerDialect {
  return {
    hasTable: (executor: Executor, name: string) =>
      executor
        .maybeRow(sql.unsafe`SELECT 1 AS present FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ${name}`)
        .then((row) => row !== null),
    createLedger: sql.unsafe`
      CREATE TABLE IF NOT EXISTS prefect_server_ts_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    runScript: async (script) => {
      for (const statement of splitStatements(script)) await connection.query(sqlFromText(statement));
    },
  };
}

export function postgresMigrationTarget(getPool: () => Promise<DatabasePool>): MigrationTarget {
  return {
    locked: async (fn) =>
      (await getPool()).transaction(async (tx) => {
        // Schema changes are not bound by the API's statement timeout, as in Prefect.
        await tx.query(sql.unsafe`SET LOCAL statement_timeout = 0`);
        await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`);
        return fn(ledgerSession(postgresExecutor(tx, false, true), ledgerDialect(tx)));
      }),
    inspect: async (fn) => {
      const pool = await getPool();
      return fn(ledgerSession(postgresExecutor(pool), ledgerDialect(pool)));
    },
  };
}
