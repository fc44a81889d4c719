// The background services' sweeps over flow runs: small indexed queries, one page at a time
// in id order (see port/flow-run-sweeps.ts).
import { sql } from 'slonik';
import type { FlowRunSweepRow, FlowRunSweeps, SweepPage } from '../port/flow-run-sweeps.ts';
import type { StateType } from '../port/states.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';

/** Every state type that is not terminal (COMPLETED, FAILED, CANCELLED, CRASHED). */
export const UNFINISHED_STATE_TYPES: readonly StateType[] = ['SCHEDULED', 'PENDING', 'RUNNING', 'PAUSED', 'CANCELLING'];

const KINDS: ColumnKinds = { state_timestamp: 'timestamp', next_scheduled_start_time: 'timestamp', state_details: 'json' };

/** `alias.id > afterId` when paging on, so that a page never repeats an earlier one. */
export function afterIdCondition(alias: string, page: SweepPage): Fragment {
  return page.afterId === null ? sql.fragment`TRUE` : sql.fragment`${sql.identifier([alias, 'id'])} > ${page.afterId}`;
}

export function flowRunSweeps(db: Executor, dialect: SqlDialect): FlowRunSweeps {
  const sweep = async (conditions: Fragment, page: SweepPage, joins: Fragment = sql.fragment``): Promise<FlowRunSweepRow[]> =>
    (
      await db.rows(sql.unsafe`
        SELECT r.id, r.state_id, r.state_type, r.state_name, r.state_timestamp, s.state_details,
               r.deployment_id, r.next_scheduled_start_time
        FROM flow_run AS r
        LEFT JOIN flow_run_state AS s ON s.id = r.state_id
        ${joins}
        WHERE ${conditions} AND ${afterIdCondition('r', page)}
        ORDER BY r.id
        LIMIT ${page.limit}`)
    ).map((row) => dialect.decode<FlowRunSweepRow>(row, KINDS));

  return {
    findLate: (scheduledBefore, page) =>
      sweep(
        sql.fragment`r.state_type = 'SCHEDULED' AND r.state_name = 'Scheduled'
          AND r.next_scheduled_start_time <= ${dialect.timestamp(scheduledBefore)}`,
        page,
      ),
    findPaused: (page) => sweep(sql.fragment`r.state_type = 'PAUSED'`, page),
    findCancellingSince: (enteredBefore, page) =>
      sweep(sql.fragment`r.state_type = 'CANCELLING' AND r.state_timestamp <= ${dialect.timestamp(enteredBefore)}`, page),
    findSubflowsOfCancelledRuns: (page) =>
      sweep(
        // Prefect also cancels the subflows of a parent that has no state at all.
        sql.fragment`${dialect.inList(sql.fragment`r.state_type`, UNFINISHED_STATE_TYPES, 'text')}
          AND (parent.state_type = 'CANCELLED' OR parent.state_id IS NULL)
          AND NOT (r.deployment_id IS NOT NULL AND r.state_type = 'CANCELLING')`,
        page,
        sql.fragment`JOIN task_run AS parent_task ON parent_task.id = r.parent_task_run_id
          JOIN flow_run AS parent ON parent.id = parent_task.flow_run_id`,
      ),
  };
}
