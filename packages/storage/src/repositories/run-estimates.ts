// Prefect's computed run columns as SQL: estimated_run_time (total run time plus the
// current RUNNING period) and estimated_start_time_delta (lateness).
import { sql } from 'slonik';
import type { Fragment, SqlDialect } from '../sql/dialect.ts';

const TERMINAL = sql.fragment`('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED')`;

export function estimatedRunTime(d: SqlDialect, alias: string): Fragment {
  const c = (name: string) => sql.fragment`${sql.identifier([alias, name])}`;
  return sql.fragment`(CASE WHEN ${c('state_type')} = 'RUNNING'
    THEN ${d.durationSeconds(c('total_run_time'))} + ${d.secondsSince(c('state_timestamp'))}
    ELSE ${d.durationSeconds(c('total_run_time'))} END)`;
}

/** How late a run started, or, if it has not started and is not finished, how late it is now. */
export function estimatedStartTimeDelta(d: SqlDialect, alias: string): Fragment {
  const c = (name: string) => sql.fragment`${sql.identifier([alias, name])}`;
  return sql.fragment`(CASE
    WHEN ${c('start_time')} > ${c('expected_start_time')} THEN ${d.secondsBetween(c('expected_start_time'), c('start_time'))}
    WHEN ${c('start_time')} IS NULL AND (${c('state_type')} IS NULL OR ${c('state_type')} NOT IN ${TERMINAL}) AND ${c('expected_start_time')} < ${d.now()}
      THEN ${d.secondsSince(c('expected_start_time'))}
    ELSE 0 END)`;
}
