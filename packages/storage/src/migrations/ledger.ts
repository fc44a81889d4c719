// The migrations ledger: one row per applied migration, with the checksum it had. The
// statements are the same on both dialects; only table lookup, DDL and scripts differ.
import { sql } from 'slonik';
import type { AppliedMigration } from '../port/database.ts';
import type { Executor, Query } from '../sql/executor.ts';
import type { MigrationSession } from './runner.ts';

export interface LedgerDialect {
  hasTable(executor: Executor, name: string): Promise<boolean>;
  readonly createLedger: Query;
  runScript(script: string): Promise<void>;
}

export function ledgerSession(executor: Executor, dialect: LedgerDialect): MigrationSession {
  return {
    hasTable: (name) => dialect.hasTable(executor, name),
    ensureLedger: async () => {
      await executor.execute(dialect.createLedger);
    },
    applied: async () =>
      (await executor.rows(sql.unsafe`
        SELECT version, name, checksum, applied_at FROM prefect_server_ts_migrations ORDER BY version
      `)).map((row) => ({ ...row, applied_at: String(row['applied_at']) }) as AppliedMigration),
    runScript: (script) => dialect.runScript(script),
    record: async (file) => {
      await executor.execute(sql.unsafe`
        INSERT INTO prefect_server_ts_migrations (version, name, checksum)
        VALUES (${file.version}, ${file.name}, ${file.checksum})
      `);
    },
    unrecord: async (version) => {
      await executor.execute(sql.unsafe`DELETE FROM prefect_server_ts_migrations WHERE version = ${version}`);
    },
  };
}
