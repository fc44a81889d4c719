// The state under orchestration: Prefect's State schema (type, name, timestamp, message,
// data and the full StateDetails) with the defaults Prefect fills in, and its constructors.
import type { JsonObject, StateRecord, StateType, Timestamp } from '@prefect-server-ts/storage';
import { requireTimestamp } from './time.ts';

export const ALL_STATE_TYPES: readonly StateType[] = [
  'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING',
];
export const TERMINAL_STATE_TYPES: ReadonlySet<StateType> = new Set<StateType>(['COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED']);

// A type alias (not an interface) so that it is also a JsonObject.
export type StateDetails = {
  flow_run_id: string | null;
  task_run_id: string | null;
  child_flow_run_id: string | null;
  scheduled_time: Timestamp | null;
  cache_key: string | null;
  cache_expiration: Timestamp | null;
  deferred: boolean | null;
  untrackable_result: boolean;
  pause_timeout: Timestamp | null;
  pause_reschedule: boolean;
  pause_key: string | null;
  run_input_keyset: Record<string, string> | null;
  refresh_cache: boolean | null;
  retriable: boolean | null;
  transition_id: string | null;
  task_parameters_id: string | null;
  traceparent: string | null;
  deployment_concurrency_lease_id: string | null;
};

export interface State {
  type: StateType;
  name: string;
  timestamp: Timestamp;
  message: string | null;
  data: unknown;
  state_details: StateDetails;
}

/** A state as callers propose it; omitted fields take Prefect's defaults. */
export interface ProposedState {
  type: StateType;
  name?: string | null;
  message?: string | null;
  timestamp?: Timestamp;
  state_details?: JsonObject;
  data?: unknown;
}

const TIMESTAMP_DETAILS = new Set(['scheduled_time', 'cache_expiration', 'pause_timeout']);

function emptyDetails(): StateDetails {
  return {
    flow_run_id: null, task_run_id: null, child_flow_run_id: null, scheduled_time: null, cache_key: null,
    cache_expiration: null, deferred: false, untrackable_result: false, pause_timeout: null, pause_reschedule: false,
    pause_key: null, run_input_keyset: null, refresh_cache: null, retriable: null, transition_id: null,
    task_parameters_id: null, traceparent: null, deployment_concurrency_lease_id: null,
  };
}

/** Full StateDetails from a partial object: unknown keys are dropped, timestamps made canonical. */
export function stateDetails(input: Partial<StateDetails> | JsonObject = {}): StateDetails {
  const details = emptyDetails();
  const target = details as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (!(key in details) || value === undefined) continue;
    target[key] = TIMESTAMP_DETAILS.has(key) && value !== null ? requireTimestamp(value, `state_details.${key}`) : value;
  }
  return details;
}

/** Prefect's default name for a state type: RUNNING → "Running". */
export function defaultStateName(type: StateType): string {
  return type.split('_').map((word) => word.charAt(0) + word.slice(1).toLowerCase()).join(' ');
}

export interface NewStateFields {
  name?: string | null;
  message?: string | null;
  data?: unknown;
  state_details?: Partial<StateDetails> | JsonObject;
  timestamp?: Timestamp;
}

/** A new state stamped `now`, with a default name, and a scheduled time for SCHEDULED states. */
export function newState(type: StateType, fields: NewStateFields, now: Timestamp): State {
  const details = stateDetails(fields.state_details);
  if (type === 'SCHEDULED' && !details.scheduled_time) details.scheduled_time = now;
  return {
    type,
    name: fields.name ?? defaultStateName(type),
    timestamp: fields.timestamp === undefined ? now : requireTimestamp(fields.timestamp, 'timestamp'),
    message: fields.message ?? null,
    data: fields.data ?? null,
    state_details: details,
  };
}

export function fromProposed(proposed: ProposedState, now: Timestamp): State {
  return newState(proposed.type, proposed, now);
}

/** A stored (or in-flight) state as an orchestration state: a deep copy rules may change freely. */
export function fromRecord(record: StateRecord | State): State {
  return {
    type: record.type,
    name: record.name,
    timestamp: record.timestamp,
    message: record.message,
    data: structuredClone(record.data ?? null),
    state_details: stateDetails(structuredClone(record.state_details) as JsonObject),
  };
}

/** Prefect's State.fresh_copy: the same state, re-stamped `now`. */
export function freshCopy(state: State | StateRecord, now: Timestamp): State {
  return { ...fromRecord(state), timestamp: now };
}

export function isFinal(state: { type: StateType }): boolean {
  return TERMINAL_STATE_TYPES.has(state.type);
}

/** Python truthiness, for conditions Prefect writes as `if value:`. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function isMapping(data: unknown): data is JsonObject {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/** Result metadata the client chose not to persist: `{"type": "unpersisted", ...}`. */
export function isUnpersistedResult(data: unknown): boolean {
  return isMapping(data) && data['type'] === 'unpersisted';
}

/** True when `data` is persisted result metadata (a mapping whose type is not "unpersisted"). */
export function hasPersistedResult(data: unknown): boolean {
  return isMapping(data) && data['type'] !== 'unpersisted';
}

export function scheduledState(scheduledTime: Timestamp, fields: NewStateFields, now: Timestamp): State {
  return newState('SCHEDULED', { ...fields, state_details: { ...fields.state_details, scheduled_time: scheduledTime } }, now);
}

/** Prefect's AwaitingRetry: a SCHEDULED state named "AwaitingRetry". */
export function awaitingRetry(scheduledTime: Timestamp, fields: NewStateFields, now: Timestamp): State {
  return scheduledState(scheduledTime, { ...fields, name: 'AwaitingRetry' }, now);
}
