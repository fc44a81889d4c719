// Logs: bulk inserts batched under the dialect's parameter limit, and filtered reads.
import { sql } from 'slonik';
import type { LogFilter, LogInsert, LogRecord, LogSort, LogsRepository } from '../port/logs.ts';
import type { Page } from '../port/states.ts';
import { chunksUnderLimit } from '../sql/batch.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { insertManyClause, pageClause, whereClause } from './codec.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', timestamp: 'timestamp' };
const INSERT_COLUMNS = ['name', 'level', 'flow_run_id', 'task_run_id', 'message', 'timestamp'] as const;

const SORTS: Record<LogSort, Fragment> = {
  TIMESTAMP_ASC: sql.fragment`timestamp ASC, id`,
  TIMESTAMP_DESC: sql.fragment`timestamp DESC, id`,
};

function conditions(dialect: SqlDialect, filter: LogFilter = {}): Fragment[] {
  const out: Fragment[] = [];
  if (filter.flowRunIds) out.push(dialect.inList(sql.fragment`flow_run_id`, filter.flowRunIds, 'uuid'));
  if (filter.taskRunIds) out.push(dialect.inList(sql.fragment`task_run_id`, filter.taskRunIds, 'uuid'));
  if (filter.levelGe !== undefined) out.push(sql.fragment`level >= ${filter.levelGe}`);
  if (filter.levelLe !== undefined) out.push(sql.fragment`level <= ${filter.levelLe}`);
  if (filter.timestampBefore) out.push(sql.fragment`timestamp <= ${dialect.timestamp(filter.timestampBefore)}`);
  if (filter.timestampAfter) out.push(sql.fragment`timestamp >= ${dialect.timestamp(filter.timestampAfter)}`);
  return out;
}

export function logsRepository(db: Executor, dialect: SqlDialect): LogsRepository {
  return {
    createMany: async (logs: readonly LogInsert[]) => {
      if (logs.length === 0) return 0;
      const batches = chunksUnderLimit(logs, INSERT_COLUMNS.length, dialect.maxBindParameters);
      return db.transaction(async (tx) => {
        let inserted = 0;
        for (const batch of batches) {
          inserted += await tx.execute(sql.unsafe`INSERT INTO log ${insertManyClause(dialect, KINDS, INSERT_COLUMNS, batch)}`);
        }
        return inserted;
      });
    },
    list: async (filter, page: Page<LogSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT * FROM log ${whereClause(conditions(dialect, filter))}
          ORDER BY ${SORTS[page.sort ?? 'TIMESTAMP_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => dialect.decode<LogRecord>(row, KINDS)),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM log ${whereClause(conditions(dialect, filter))}`))!['n']),
  };
}
