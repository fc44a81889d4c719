// Flow run and task run filters, and the cross-resource conditions that tie flow runs,
// task runs, flows, deployments and work pools together in one query.
import { sql } from 'slonik';
import type { FlowRunFilter, RunFilters, StateFilter, TaskRunFilter } from '../../port/filters.ts';
import type { SqlDialect } from '../../sql/dialect.ts';
import { anyOf, column, combine, isNull, like, tags, timeRange, type Condition } from './operators.ts';
import { deploymentCondition, flowCondition, workPoolCondition, workQueueCondition } from './resources.ts';

function state(d: SqlDialect, alias: string, filter: StateFilter | null | undefined): Condition {
  if (!filter) return undefined;
  return combine([...anyOf(d, column(alias, 'state_type'), filter.type), ...anyOf(d, column(alias, 'state_name'), filter.name)], filter.operator);
}

export function flowRunCondition(d: SqlDialect, f: FlowRunFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  const nullableAny = (name: string, filter: { any_?: readonly string[] | null; is_null_?: boolean | null; operator?: 'and_' | 'or_' } | null | undefined, type: 'uuid' | 'text') =>
    filter ? combine([...anyOf(d, c(name), filter, type), isNull(c(name), filter.is_null_)], filter.operator) : undefined;
  const createdBy = f.created_by;
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      ...anyOf(d, c('name'), f.name),
      like(d, c('name'), f.name?.like_),
      tags(d, c('tags'), f.tags),
      nullableAny('deployment_id', f.deployment_id, 'uuid'),
      nullableAny('work_queue_name', f.work_queue_name, 'text'),
      state(d, alias, f.state),
      ...anyOf(d, c('flow_version'), f.flow_version),
      // Prefect matches a flow run that has not started by its expected start time.
      ...timeRange(d, sql.fragment`coalesce(${c('start_time')}, ${c('expected_start_time')})`, { before_: f.start_time?.before_, after_: f.start_time?.after_ }),
      isNull(c('start_time'), f.start_time?.is_null_),
      ...timeRange(d, c('end_time'), f.end_time),
      ...timeRange(d, c('expected_start_time'), f.expected_start_time),
      ...timeRange(d, c('next_scheduled_start_time'), f.next_scheduled_start_time),
      // A subflow's parent flow run is the flow run of its parent task run.
      f.parent_flow_run_id?.any_ != null
        ? sql.fragment`${c('parent_task_run_id')} IN (SELECT pt.id FROM task_run AS pt WHERE ${d.inList(sql.fragment`pt.flow_run_id`, f.parent_flow_run_id.any_, 'uuid')})`
        : undefined,
      nullableAny('parent_task_run_id', f.parent_task_run_id, 'uuid'),
      ...anyOf(d, c('idempotency_key'), f.idempotency_key),
      createdBy
        ? combine(
            [
              createdBy.id_ != null ? d.inList(d.jsonText(c('created_by'), 'id'), createdBy.id_, 'text') : undefined,
              createdBy.type_ != null ? d.inList(d.jsonText(c('created_by'), 'type'), createdBy.type_, 'text') : undefined,
              isNull(c('created_by'), createdBy.is_null_),
            ],
            createdBy.operator,
          )
        : undefined,
    ],
    f.operator,
  );
}

export function taskRunCondition(d: SqlDialect, f: TaskRunFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      ...anyOf(d, c('name'), f.name),
      like(d, c('name'), f.name?.like_),
      tags(d, c('tags'), f.tags),
      state(d, alias, f.state),
      ...timeRange(d, c('start_time'), f.start_time),
      ...timeRange(d, c('end_time'), f.end_time),
      ...timeRange(d, c('expected_start_time'), f.expected_start_time),
      f.subflow_runs?.exists_ == null
        ? undefined
        : sql.fragment`${f.subflow_runs.exists_ ? sql.fragment`` : sql.fragment`NOT`} EXISTS (SELECT 1 FROM flow_run AS sub WHERE sub.parent_task_run_id = ${c('id')})`,
      f.flow_run_id ? combine([...anyOf(d, c('flow_run_id'), f.flow_run_id, 'uuid'), isNull(c('flow_run_id'), f.flow_run_id.is_null_)], f.flow_run_id.operator) : undefined,
    ],
    f.operator,
  );
}

/** Flow runs (aliased `alias`) that satisfy every filter of a Prefect /filter body. */
export function flowRunsMatching(d: SqlDialect, filters: RunFilters, alias: string): Condition[] {
  const flow = flowCondition(d, filters.flows, 'mf');
  const task = taskRunCondition(d, filters.task_runs, 'mt');
  const deployment = deploymentCondition(d, filters.deployments, 'md');
  const pool = workPoolCondition(d, filters.work_pools, 'mp');
  const queue = workQueueCondition(d, filters.work_pool_queues, 'mwq');
  return [
    flowRunCondition(d, filters.flow_runs, alias),
    flow && sql.fragment`${column(alias, 'flow_id')} IN (SELECT mf.id FROM flow AS mf WHERE ${flow})`,
    task && sql.fragment`EXISTS (SELECT 1 FROM task_run AS mt WHERE mt.flow_run_id = ${column(alias, 'id')} AND ${task})`,
    deployment && sql.fragment`${column(alias, 'deployment_id')} IN (SELECT md.id FROM deployment AS md WHERE ${deployment})`,
    pool &&
      sql.fragment`${column(alias, 'work_queue_id')} IN (
        SELECT mq.id FROM work_queue AS mq JOIN work_pool AS mp ON mp.id = mq.work_pool_id WHERE ${pool})`,
    queue && sql.fragment`${column(alias, 'work_queue_id')} IN (SELECT mwq.id FROM work_queue AS mwq WHERE ${queue})`,
  ];
}

/** Task runs (aliased `alias`) that satisfy every filter of a Prefect /filter body. */
export function taskRunsMatching(d: SqlDialect, filters: RunFilters, alias: string): Condition[] {
  const { task_runs, ...rest } = filters;
  const runConditions = flowRunsMatching(d, { ...rest, flow_runs: filters.flow_runs }, 'tr');
  const runs = combine(runConditions);
  return [
    taskRunCondition(d, task_runs, alias),
    runs && sql.fragment`${column(alias, 'flow_run_id')} IN (SELECT tr.id FROM flow_run AS tr WHERE ${runs})`,
  ];
}
