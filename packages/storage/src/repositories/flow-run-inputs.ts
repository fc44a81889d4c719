// Flow run inputs: keyed text values per flow run, deleted with their run (ON DELETE CASCADE).
import { sql } from 'slonik';
import type { FlowRunInputInsert, FlowRunInputRecord, FlowRunInputsRepository } from '../port/flow-run-inputs.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { nowTimestamp } from '../timestamps.ts';
import { insertClause, pageClause } from './codec.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp' };

export function flowRunInputsRepository(db: Executor, dialect: SqlDialect): FlowRunInputsRepository {
  const decode = (row: Record<string, unknown> | null) => (row ? dialect.decode<FlowRunInputRecord>(row, KINDS) : null);
  return {
    create: async ({ flow_run_id, key, value, sender }: FlowRunInputInsert) => {
      // Receivers read inputs oldest first: stamp each with the microsecond clock, not the
      // column default (Postgres's is the transaction start, SQLite's has milliseconds).
      const now = nowTimestamp();
      return decode(
        await db.maybeRow(sql.unsafe`
          INSERT INTO flow_run_input ${insertClause(dialect, KINDS, { flow_run_id, key, value, sender: sender ?? null, created: now, updated: now })}
          RETURNING *`),
      )!;
    },
    read: async (flowRunId, key) =>
      decode(await db.maybeRow(sql.unsafe`SELECT * FROM flow_run_input WHERE flow_run_id = ${flowRunId} AND key = ${key}`)),
    filter: async (flowRunId, { prefix, limit, excludeKeys = [] }) =>
      (
        await db.rows(sql.unsafe`
          SELECT * FROM flow_run_input
          WHERE flow_run_id = ${flowRunId} AND key LIKE ${`${prefix}%`}
            AND NOT ${dialect.inList(sql.fragment`key`, excludeKeys, 'text')}
          ORDER BY created ${pageClause(limit < 0 ? undefined : limit, undefined)}`)
      ).map((row) => decode(row)!),
    delete: async (flowRunId, key) => (await db.execute(sql.unsafe`DELETE FROM flow_run_input WHERE flow_run_id = ${flowRunId} AND key = ${key}`)) > 0,
  };
}
