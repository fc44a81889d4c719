// Logs: bulk inserts batched under the dialect's parameter limit (each stored log announced
// by id on the logs channel when the insert commits), and filtered reads.
import { sql } from 'slonik';
import type { LogFilter } from '../port/filters.ts';
import type { LogInsert, LogRecord, LogSort, LogsRepository } from '../port/logs.ts';
import type { Page } from '../port/states.ts';
import { chunksUnderLimit } from '../sql/batch.ts';
import { timeOrderedUuid } from '../sql/time-ordered-id.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { NOTIFICATION_CHANNELS } from '../port/notifications.ts';
import { announceIds } from './announce.ts';
import { insertManyClause, pageClause } from './codec.ts';
import { where } from './filters/operators.ts';
import { logCondition } from './filters/resources.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', timestamp: 'timestamp' };
const INSERT_COLUMNS = ['id', 'name', 'level', 'flow_run_id', 'task_run_id', 'message', 'timestamp'] as const;

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
      const batches = chunksUnderLimit(rows, INSERT_COLUMNS.length, dialect.maxBindParameters);
      return atomic(db, async (tx) => {
        const ids: string[] = [];
        for (const batch of batches) {
          const inserted = await tx.rows(sql.unsafe`INSERT INTO log ${insertManyClause(dialect, KINDS, INSERT_COLUMNS, batch)} RETURNING id`);
          for (const row of inserted) ids.push(String(row['id']));
        }
        await announceIds(tx, NOTIFICATION_CHANNELS.logs, ids);
        return ids.length;
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
