// Prefect's FlowRunPolicy and TaskRunPolicy (the runs' empirical_policy column): reading
// them with Prefect's defaults and deprecated-field fallbacks, and writing them back whole.
import type { JsonObject } from '@prefect-server-ts/storage';

export type RetryType = 'in_process' | 'reschedule';

export interface FlowRunPolicy {
  max_retries: number;
  retry_delay_seconds: number;
  retries: number | null;
  retry_delay: number | null;
  pause_keys: string[] | null;
  resuming: boolean | null;
  retry_type: RetryType | null;
}

export interface TaskRunPolicy {
  max_retries: number;
  retry_delay_seconds: number;
  retries: number | null;
  retry_delay: number | number[] | null;
  retry_jitter_factor: number | null;
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const numOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Prefect fills `retries` from `max_retries` and `retry_delay` from `retry_delay_seconds`. */
function withDeprecatedFallbacks<P extends { max_retries: number; retry_delay_seconds: number; retries: number | null; retry_delay: unknown }>(
  policy: P,
): P {
  if (!policy.retries && policy.max_retries !== 0) policy.retries = policy.max_retries;
  const delayIsEmpty = policy.retry_delay === null || policy.retry_delay === 0 || (Array.isArray(policy.retry_delay) && policy.retry_delay.length === 0);
  if (delayIsEmpty && policy.retry_delay_seconds !== 0) policy.retry_delay = policy.retry_delay_seconds;
  return policy;
}

export function readFlowRunPolicy(json: JsonObject | null | undefined): FlowRunPolicy {
  const raw = json ?? {};
  const pauseKeys = raw['pause_keys'];
  const retryType = raw['retry_type'];
  return withDeprecatedFallbacks({
    max_retries: num(raw['max_retries'], 0),
    retry_delay_seconds: num(raw['retry_delay_seconds'], 0),
    retries: numOrNull(raw['retries']),
    retry_delay: numOrNull(raw['retry_delay']),
    pause_keys: pauseKeys === null ? null : Array.isArray(pauseKeys) ? pauseKeys.map(String) : [],
    resuming: raw['resuming'] === null ? null : raw['resuming'] === true,
    retry_type: retryType === 'in_process' || retryType === 'reschedule' ? retryType : null,
  });
}

/** The whole policy, every field present, as Prefect stores it. */
export function writeFlowRunPolicy(policy: FlowRunPolicy): JsonObject {
  return {
    max_retries: policy.max_retries,
    retry_delay_seconds: policy.retry_delay_seconds,
    retries: policy.retries,
    retry_delay: policy.retry_delay,
    pause_keys: policy.pause_keys === null ? null : [...new Set(policy.pause_keys)],
    resuming: policy.resuming,
    retry_type: policy.retry_type,
  };
}

/** Reads, changes and writes back a flow run policy in one step. */
export function updateFlowRunPolicy(json: JsonObject, change: Partial<FlowRunPolicy>): JsonObject {
  return writeFlowRunPolicy({ ...readFlowRunPolicy(json), ...change });
}

export function readTaskRunPolicy(json: JsonObject | null | undefined): TaskRunPolicy {
  const raw = json ?? {};
  const delay = raw['retry_delay'];
  return withDeprecatedFallbacks({
    max_retries: num(raw['max_retries'], 0),
    retry_delay_seconds: num(raw['retry_delay_seconds'], 0),
    retries: numOrNull(raw['retries']),
    retry_delay: Array.isArray(delay) ? delay.map(Number) : numOrNull(delay),
    retry_jitter_factor: numOrNull(raw['retry_jitter_factor']),
  });
}
