// The flow runs repository: runs, their state history, and the current-state columns.
import type { Timestamp } from '../timestamps.ts';
import type { RunFilters } from './filters.ts';
import type { FlowRunSweeps } from './flow-run-sweeps.ts';
import type { JsonObject, Page, RunTimingUpdate, StateInsert, StateRecord, StateType } from './states.ts';

export interface FlowRunRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly flow_id: string;
  readonly state_id: string | null;
  readonly state_type: StateType | null;
  readonly state_name: string | null;
  readonly state_timestamp: Timestamp | null;
  readonly deployment_id: string | null;
  readonly deployment_version: string | null;
  readonly work_queue_id: string | null;
  readonly work_queue_name: string | null;
  readonly flow_version: string | null;
  readonly parameters: JsonObject;
  readonly idempotency_key: string | null;
  readonly context: JsonObject;
  readonly empirical_policy: JsonObject;
  readonly tags: string[];
  readonly labels: JsonObject | null;
  readonly created_by: JsonObject | null;
  readonly infrastructure_pid: string | null;
  readonly infrastructure_document_id: string | null;
  readonly job_variables: JsonObject | null;
  readonly parent_task_run_id: string | null;
  readonly auto_scheduled: boolean;
  readonly run_count: number;
  readonly expected_start_time: Timestamp | null;
  readonly next_scheduled_start_time: Timestamp | null;
  readonly start_time: Timestamp | null;
  readonly end_time: Timestamp | null;
  /** Seconds spent RUNNING, summed over completed RUNNING periods. */
  readonly total_run_time: number;
  readonly state: StateRecord | null;
}

export interface FlowRunInsert {
  readonly id?: string;
  readonly flow_id: string;
  readonly name: string;
  readonly deployment_id?: string | null;
  readonly deployment_version?: string | null;
  readonly work_queue_id?: string | null;
  readonly work_queue_name?: string | null;
  readonly flow_version?: string | null;
  readonly parameters?: JsonObject;
  readonly idempotency_key?: string | null;
  readonly context?: JsonObject;
  readonly empirical_policy?: JsonObject;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
  readonly created_by?: JsonObject | null;
  readonly infrastructure_document_id?: string | null;
  readonly job_variables?: JsonObject | null;
  readonly parent_task_run_id?: string | null;
  readonly auto_scheduled?: boolean;
  readonly expected_start_time?: Timestamp | null;
  readonly next_scheduled_start_time?: Timestamp | null;
}

export interface FlowRunUpdate {
  readonly name?: string;
  readonly flow_version?: string | null;
  readonly parameters?: JsonObject;
  readonly empirical_policy?: JsonObject;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
  readonly infrastructure_pid?: string | null;
  readonly job_variables?: JsonObject | null;
}

export type FlowRunSort =
  | 'ID_DESC'
  | 'START_TIME_ASC'
  | 'START_TIME_DESC'
  | 'EXPECTED_START_TIME_ASC'
  | 'EXPECTED_START_TIME_DESC'
  | 'NAME_ASC'
  | 'NAME_DESC'
  | 'NEXT_SCHEDULED_START_TIME_ASC'
  | 'END_TIME_DESC';

export interface ReadOptions {
  /** Lock the row until the transaction ends (FOR UPDATE on Postgres). */
  readonly forUpdate?: boolean;
}

export interface FlowRunsRepository extends FlowRunSweeps {
  /**
   * Inserts a run, with its first state when given. Idempotent per (flow_id,
   * idempotency_key): a second create returns the first run, with created=false.
   */
  create(run: FlowRunInsert, state?: StateInsert): Promise<{ run: FlowRunRecord; created: boolean }>;
  read(id: string, options?: ReadOptions): Promise<FlowRunRecord | null>;
  list(filters?: RunFilters, page?: Page<FlowRunSort>): Promise<FlowRunRecord[]>;
  count(filters?: RunFilters): Promise<number>;
  update(id: string, update: FlowRunUpdate): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** Appends a state and makes it current, with the run columns the transition changes. */
  setState(runId: string, state: StateInsert, timing?: RunTimingUpdate): Promise<StateRecord>;
  readStates(runId: string): Promise<StateRecord[]>;
  readState(stateId: string): Promise<StateRecord | null>;
  /** Every task run of the flow run, each with the subflow run it started. */
  graphRows(runId: string): Promise<GraphTaskRow[]>;
}

/** A task run of a flow run, with the subflow run it started (if any), for the run graph. */
export interface GraphTaskRow {
  readonly task_run_id: string;
  readonly task_run_name: string;
  readonly task_state_type: StateType | null;
  readonly task_start_time: Timestamp | null;
  readonly task_expected_start_time: Timestamp | null;
  readonly task_end_time: Timestamp | null;
  readonly task_inputs: JsonObject;
  readonly subflow_run_id: string | null;
  readonly subflow_run_name: string | null;
  readonly subflow_flow_name: string | null;
  readonly subflow_state_type: StateType | null;
  readonly subflow_start_time: Timestamp | null;
  readonly subflow_expected_start_time: Timestamp | null;
  readonly subflow_end_time: Timestamp | null;
}
