// The task runs repository: runs inside flow runs (or standalone), and their state history.
import type { Timestamp } from '../timestamps.ts';
import type { RunFilters } from './filters.ts';
import type { ReadOptions } from './flow-runs.ts';
import type { JsonObject, Page, RunTimingUpdate, StateInsert, StateRecord, StateType } from './states.ts';
import type { TaskRunSweeps } from './task-run-sweeps.ts';

export interface TaskRunRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly flow_run_id: string | null;
  readonly task_key: string;
  readonly dynamic_key: string;
  readonly cache_key: string | null;
  readonly cache_expiration: Timestamp | null;
  readonly task_version: string | null;
  readonly flow_run_run_count: number;
  readonly empirical_policy: JsonObject;
  readonly task_inputs: JsonObject;
  readonly tags: string[];
  readonly labels: JsonObject | null;
  readonly state_id: string | null;
  readonly state_type: StateType | null;
  readonly state_name: string | null;
  readonly state_timestamp: Timestamp | null;
  readonly run_count: number;
  readonly expected_start_time: Timestamp | null;
  readonly next_scheduled_start_time: Timestamp | null;
  readonly start_time: Timestamp | null;
  readonly end_time: Timestamp | null;
  readonly total_run_time: number;
  readonly state: StateRecord | null;
}

export interface TaskRunInsert {
  readonly id?: string;
  readonly name: string;
  readonly flow_run_id?: string | null;
  readonly task_key: string;
  readonly dynamic_key: string;
  readonly cache_key?: string | null;
  readonly cache_expiration?: Timestamp | null;
  readonly task_version?: string | null;
  readonly flow_run_run_count?: number;
  readonly empirical_policy?: JsonObject;
  readonly task_inputs?: JsonObject;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
  readonly expected_start_time?: Timestamp | null;
}

export interface TaskRunUpdate {
  readonly name?: string;
  readonly empirical_policy?: JsonObject;
  readonly flow_run_run_count?: number;
  readonly cache_key?: string | null;
  readonly cache_expiration?: Timestamp | null;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
}

export type TaskRunSort =
  | 'ID_DESC'
  | 'EXPECTED_START_TIME_ASC'
  | 'EXPECTED_START_TIME_DESC'
  | 'NAME_ASC'
  | 'NAME_DESC'
  | 'NEXT_SCHEDULED_START_TIME_ASC'
  | 'END_TIME_DESC'
  | 'DURATION_DESC'
  | 'DURATION_ASC';

/** A task run as a client reported it in a state event, with that state. */
export interface RecordedTaskRun extends TaskRunInsert {
  readonly id: string;
  readonly run_count?: number;
  readonly start_time?: Timestamp | null;
  readonly end_time?: Timestamp | null;
  readonly total_run_time?: number;
  readonly next_scheduled_start_time?: Timestamp | null;
}

export interface TaskRunsRepository extends TaskRunSweeps {
  /**
   * Records a task run state reported by a client (Prefect 3 reports task states as
   * events). The run is matched by id, or by (flow_run_id, task_key, dynamic_key); its
   * columns change only when this state is newer than its current one, so events that
   * arrive out of order leave the newest state current. The state row is stored once per
   * id. Returns the id of the run that holds the state.
   */
  recordState(run: RecordedTaskRun, state: StateInsert & { readonly id: string }): Promise<string>;
  /** Idempotent per (flow_run_id, task_key, dynamic_key). */
  create(run: TaskRunInsert, state?: StateInsert): Promise<{ run: TaskRunRecord; created: boolean }>;
  read(id: string, options?: ReadOptions): Promise<TaskRunRecord | null>;
  list(filters?: RunFilters, page?: Page<TaskRunSort>): Promise<TaskRunRecord[]>;
  count(filters?: RunFilters): Promise<number>;
  update(id: string, update: TaskRunUpdate): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  setState(runId: string, state: StateInsert, timing?: RunTimingUpdate): Promise<StateRecord>;
  readStates(runId: string): Promise<StateRecord[]>;
  readState(stateId: string): Promise<StateRecord | null>;
}
