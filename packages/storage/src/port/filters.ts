// Prefect's filter objects, as the REST API receives them: each field is optional, and
// `operator` combines a filter's fields ("and_" by default). Repositories compile them to SQL.
import type { Timestamp } from '../timestamps.ts';

export type Operator = 'and_' | 'or_';

interface Combined {
  readonly operator?: Operator;
}
export interface AnyOf<T = string> {
  readonly any_?: readonly T[] | null;
}
export interface AnyOrNot<T = string> extends AnyOf<T> {
  readonly not_any_?: readonly T[] | null;
}
export interface NameFilter extends AnyOf {
  readonly like_?: string | null;
}
export interface TagsFilter extends Combined {
  readonly all_?: readonly string[] | null;
  readonly any_?: readonly string[] | null;
  readonly is_null_?: boolean | null;
}
export interface TimeRange {
  readonly before_?: Timestamp | null;
  readonly after_?: Timestamp | null;
}
export interface NullableTimeRange extends TimeRange {
  readonly is_null_?: boolean | null;
}
export interface NullableAnyOf<T = string> extends Combined, AnyOf<T> {
  readonly is_null_?: boolean | null;
}
export interface StateFilter extends Combined {
  readonly type?: AnyOrNot | null;
  readonly name?: AnyOrNot | null;
}

export interface FlowFilter extends Combined {
  readonly id?: AnyOrNot | null;
  readonly deployment?: (Combined & { readonly is_null_?: boolean | null }) | null;
  readonly name?: NameFilter | null;
  readonly tags?: TagsFilter | null;
}

export interface FlowRunFilter extends Combined {
  readonly id?: AnyOrNot | null;
  readonly name?: NameFilter | null;
  readonly tags?: TagsFilter | null;
  readonly deployment_id?: NullableAnyOf | null;
  readonly work_queue_name?: NullableAnyOf | null;
  readonly state?: StateFilter | null;
  readonly flow_version?: AnyOf | null;
  readonly start_time?: NullableTimeRange | null;
  readonly end_time?: NullableTimeRange | null;
  readonly expected_start_time?: TimeRange | null;
  readonly next_scheduled_start_time?: TimeRange | null;
  readonly parent_flow_run_id?: (Combined & AnyOf) | null;
  readonly parent_task_run_id?: NullableAnyOf | null;
  readonly idempotency_key?: AnyOrNot | null;
  readonly created_by?: (Combined & { readonly id_?: readonly string[] | null; readonly type_?: readonly string[] | null; readonly is_null_?: boolean | null }) | null;
}

export interface TaskRunFilter extends Combined {
  readonly id?: AnyOf | null;
  readonly name?: NameFilter | null;
  readonly tags?: TagsFilter | null;
  readonly state?: StateFilter | null;
  readonly start_time?: NullableTimeRange | null;
  readonly end_time?: NullableTimeRange | null;
  readonly expected_start_time?: TimeRange | null;
  readonly subflow_runs?: { readonly exists_?: boolean | null } | null;
  readonly flow_run_id?: NullableAnyOf | null;
}

export interface DeploymentFilter extends Combined {
  readonly id?: AnyOrNot | null;
  readonly name?: NameFilter | null;
  readonly flow_or_deployment_name?: { readonly like_?: string | null } | null;
  readonly paused?: { readonly eq_?: boolean | null } | null;
  readonly tags?: TagsFilter | null;
  readonly work_queue_name?: AnyOf | null;
}

export interface WorkPoolFilter extends Combined {
  readonly id?: AnyOf | null;
  readonly name?: AnyOf | null;
  readonly type?: AnyOf | null;
}

export interface WorkQueueFilter extends Combined {
  readonly id?: AnyOf | null;
  readonly name?: (AnyOf & { readonly startswith_?: readonly string[] | null }) | null;
}

export interface LogFilter extends Combined {
  /** Not in Prefect's LogFilter: the live log stream reads announced logs by id. */
  readonly id?: AnyOf | null;
  readonly level?: { readonly ge_?: number | null; readonly le_?: number | null } | null;
  readonly timestamp?: TimeRange | null;
  readonly flow_run_id?: AnyOf | null;
  readonly task_run_id?: (AnyOf & { readonly is_null_?: boolean | null }) | null;
  readonly text?: { readonly query?: string | null } | null;
}

export interface VariableFilter extends Combined {
  readonly id?: AnyOf | null;
  readonly name?: NameFilter | null;
  readonly tags?: TagsFilter | null;
}

/** The cross-resource filters Prefect's /filter and /count bodies combine. */
export interface RunFilters {
  readonly flows?: FlowFilter | null;
  readonly flow_runs?: FlowRunFilter | null;
  readonly task_runs?: TaskRunFilter | null;
  readonly deployments?: DeploymentFilter | null;
  readonly work_pools?: WorkPoolFilter | null;
  /** Flow runs only: their work queue matches. */
  readonly work_pool_queues?: WorkQueueFilter | null;
}
