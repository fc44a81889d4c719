// Run states, shared by flow runs and task runs: the rows of flow_run_state and
// task_run_state, and the denormalised current state kept on each run.
import type { Timestamp } from '../timestamps.ts';

export const STATE_TYPES = [
  'SCHEDULED',
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'CRASHED',
  'PAUSED',
  'CANCELLING',
] as const;
export type StateType = (typeof STATE_TYPES)[number];

export type JsonObject = { [key: string]: unknown };

export interface StateRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly type: StateType;
  readonly name: string;
  readonly timestamp: Timestamp;
  readonly message: string | null;
  readonly state_details: JsonObject;
  readonly data: unknown;
  readonly result_artifact_id: string | null;
}

export interface StateInsert {
  readonly id?: string;
  readonly type: StateType;
  readonly name: string;
  readonly timestamp: Timestamp;
  readonly message?: string | null;
  readonly state_details?: JsonObject;
  readonly data?: unknown;
  readonly result_artifact_id?: string | null;
}

/** Run columns that orchestration rules change alongside a new state. */
export interface RunTimingUpdate {
  readonly start_time?: Timestamp | null;
  readonly end_time?: Timestamp | null;
  readonly run_count?: number;
  readonly total_run_time?: number;
  readonly expected_start_time?: Timestamp | null;
  readonly next_scheduled_start_time?: Timestamp | null;
  readonly empirical_policy?: JsonObject;
}

/** Shared sort and paging arguments. */
export interface Page<Sort extends string> {
  readonly sort?: Sort;
  readonly limit?: number;
  readonly offset?: number;
}
