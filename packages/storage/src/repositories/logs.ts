// Logs: bulk inserts in one statement (each stored log announced by id on the logs channel
// when the insert commits), and filtered reads.
import { sql } from 'slonik';
import type { LogFilter } from '../port/filters.ts';
import type { LogInsert, LogRecord, LogSort, LogsRepository } from '../port/logs.ts';
import type { Page } from '../port/states.ts';
import { timeOrderedUuid } from '../sql/time-ordered-id.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { NOTIFICATION_CHANNELS } from '../port/notifications.ts';
import { announceIds } from './announce.ts';
import { pageClause } from './codec.ts';
import { where } from './filters/operators.ts';
import { logCondition } from './filters/resources.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', timestamp: 'timestamp' };
/**
 * A batch travels as one JSON parameter: no parameter limit to split under, and none of the
 * per-value binding that made up a tenth of a 200-log request.
 */
const LOG_RECORD = { id: 'uuid', name: 'text', level: 'integer', flow_run_id: 'uuid', task_run_id: 'uuid', message: 'text', timestamp: 'timestamp' } as const;

const SORTS: Record<LogSort, Fragment> = {
  TIMESTAMP_ASC: sql.fragment`timestamp ASC, id`,
  TIMESTAMP_DESC: sql.fragment`timestamp DESC, id`,
};

export function logsRepository(db: Executor, dialect: SqlDialect): LogsRepository {
  return {
    createMany: async (logs: readonly LogInsert[]) => {
      if (logs.length === 0) return 0;
      const now = Date.now();
      const rows = logs.map((log) => ({ id: timeOrderedUuid(now), ...log }));
      return atomic(db, async (tx) => {
        await tx.execute(sql.unsafe`
          INSERT INTO log (id, name, level, flow_run_id, task_run_id, message, timestamp)
          SELECT id, name, level, flow_run_id, task_run_id, message, timestamp
          FROM ${dialect.recordset(rows, LOG_RECORD)} AS batch`);
        await announceIds(tx, NOTIFICATION_CHANNELS.logs, rows.map((row) => row.id));
        return rows.length;
      });
    },
    list: async (filter: LogFilter | undefined, page: Page<LogSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT l.* FROM log AS l ${where([logCondition(dialect, filter, 'l')])}
          ORDER BY ${SORTS[page.sort ?? 'TIMESTAMP_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => dialect.decode<LogRecord>(row, KINDS)),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM log AS l ${where([logCondition(dialect, filter, 'l')])}`))!['n']),
  };
}
