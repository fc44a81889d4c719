// Run history and lateness: aggregates over the runs a Prefect filter body selects.
import { sql } from 'slonik';
import type { RunHistoryRepository } from '../port/run-history.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { where } from './filters/operators.ts';
import { flowRunsMatching, taskRunsMatching } from './filters/runs.ts';
import { addSeconds } from '../timestamps.ts';
import { estimatedRunTime, estimatedStartTimeDelta } from './run-estimates.ts';

export function runHistoryRepository(db: Executor, d: SqlDialect): RunHistoryRepository {
  const positive = (value: ReturnType<typeof estimatedRunTime>) => sql.fragment`(CASE WHEN ${value} > 0 THEN ${value} ELSE 0 END)`;
  return {
    history: async (kind, filters, start, intervalSeconds, count) => {
      const table = kind === 'flow_run' ? sql.identifier(['flow_run']) : sql.identifier(['task_run']);
      const matching = kind === 'flow_run' ? flowRunsMatching(d, filters, 'r') : taskRunsMatching(d, filters, 'r');
      const end = addSeconds(start, count * intervalSeconds);
      const bucket = d.bucketIndex(sql.fragment`r.expected_start_time`, start, intervalSeconds);
      const rows = await db.rows(sql.unsafe`
        SELECT ${bucket} AS bucket_index, r.state_type, r.state_name, count(r.id) AS count_runs,
               sum(${positive(estimatedRunTime(d, 'r'))}) AS sum_estimated_run_time,
               sum(${positive(estimatedStartTimeDelta(d, 'r'))}) AS sum_estimated_lateness
        FROM ${table} AS r
        ${where([
          sql.fragment`r.expected_start_time >= ${d.timestamp(start)}`,
          sql.fragment`r.expected_start_time < ${d.timestamp(end)}`,
          ...matching,
        ])}
        GROUP BY 1, r.state_type, r.state_name
        ORDER BY 1, r.state_type, r.state_name`);
      return rows.map((row) => ({
        bucket_index: Number(row['bucket_index']),
        state_type: row['state_type'] as string | null,
        state_name: row['state_name'] as string | null,
        count_runs: Number(row['count_runs']),
        sum_estimated_run_time: Number(row['sum_estimated_run_time'] ?? 0),
        sum_estimated_lateness: Number(row['sum_estimated_lateness'] ?? 0),
      }));
    },
    averageLateness: async (filters) => {
      const row = await db.maybeRow(sql.unsafe`
        SELECT avg(${estimatedStartTimeDelta(d, 'r')}) AS lateness FROM flow_run AS r ${where(flowRunsMatching(d, filters, 'r'))}`);
      const value = row?.['lateness'];
      return value === null || value === undefined ? null : Number(value);
    },
  };
}
