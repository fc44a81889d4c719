// The background services' sweep over task runs, one page at a time in id order.
import { sql } from 'slonik';
import type { TaskRunSweepRow, TaskRunSweeps } from '../port/task-run-sweeps.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { afterIdCondition, UNFINISHED_STATE_TYPES } from './flow-run-sweeps.ts';

export function taskRunSweeps(db: Executor, dialect: SqlDialect): TaskRunSweeps {
  return {
    findUnfinishedInCancelledFlowRuns: async (endedAfter, page) =>
      (await db.rows(sql.unsafe`
        SELECT t.id, t.state_id, t.state_type, t.flow_run_id
        FROM task_run AS t
        JOIN flow_run AS f ON f.id = t.flow_run_id
        WHERE f.state_type = 'CANCELLED' AND f.end_time >= ${dialect.timestamp(endedAfter)}
          AND ${dialect.inList(sql.fragment`t.state_type`, UNFINISHED_STATE_TYPES, 'text')}
          AND ${afterIdCondition('t', page)}
        ORDER BY t.id
        LIMIT ${page.limit}`)) as unknown as TaskRunSweepRow[],
  };
}
