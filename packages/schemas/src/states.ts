// Run states: StateType, StateDetails with Prefect's defaults, the StateCreate request body,
// the State response and its serializer from storage's StateRecord.
import { z } from 'zod';
import { nowTimestamp, STATE_TYPES, type StateRecord } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, nullable, Uuid, UuidString } from './common.ts';

/** One list of state types for every layer: storage's. */
export const STATE_TYPE_VALUES = STATE_TYPES;
export const StateType = z.enum(STATE_TYPE_VALUES).meta({ id: 'StateType', description: 'Enumeration of state types.' });
export type StateType = z.infer<typeof StateType>;

export const TERMINAL_STATE_TYPES: readonly StateType[] = ['COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED'];

export const StateDetails = z
  .object({
    flow_run_id: nullable(Uuid),
    task_run_id: nullable(Uuid),
    child_flow_run_id: nullable(Uuid),
    scheduled_time: nullable(DateTime),
    cache_key: nullable(z.string()),
    cache_expiration: nullable(DateTime),
    deferred: z.boolean().nullable().default(false),
    untrackable_result: z.boolean().default(false),
    pause_timeout: nullable(DateTime),
    pause_reschedule: z.boolean().default(false),
    pause_key: nullable(z.string()),
    run_input_keyset: nullable(z.record(z.string(), z.string())),
    refresh_cache: nullable(z.boolean()),
    retriable: nullable(z.boolean()),
    transition_id: nullable(Uuid),
    task_parameters_id: nullable(Uuid),
    traceparent: nullable(z.string()),
    deployment_concurrency_lease_id: nullable(Uuid),
  })
  .meta({ id: 'StateDetails' });
export type StateDetails = z.output<typeof StateDetails>;

/** The StateDetails keys, in Prefect's order. */
export const STATE_DETAILS_KEYS = Object.keys(StateDetails.shape) as (keyof StateDetails)[];

/** "COMPLETED" → "Completed": Prefect's default state name, from the type. */
export function defaultStateName(type: StateType): string {
  return type
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
}

export const StateCreate = z
  .object({
    type: StateType,
    name: nullable(z.string()),
    message: nullable(z.string()),
    data: z.unknown().default(null),
    state_details: StateDetails.default(() => StateDetails.parse({})),
  })
  .strict()
  .transform((state) => ({
    ...state,
    name: state.name ?? defaultStateName(state.type),
    state_details:
      state.type === 'SCHEDULED' && !state.state_details.scheduled_time
        ? { ...state.state_details, scheduled_time: nowTimestamp() }
        : state.state_details,
  }))
  .meta({ id: 'StateCreate', description: 'Data used by the Prefect REST API to create a new state.' });
export type StateCreate = z.output<typeof StateCreate>;

/** The State response (the fields the OpenAPI State component lists). */
export const State = z
  .object({
    id: UuidString,
    type: StateType,
    name: z.string().nullable(),
    timestamp: DateTimeString,
    message: z.string().nullable(),
    data: z.unknown(),
    state_details: StateDetails,
  })
  .meta({ id: 'State', description: 'Represents the state of a run.' });
export interface StateResponse {
  id: string;
  type: StateType;
  name: string | null;
  timestamp: string;
  message: string | null;
  data: unknown;
  state_details: StateDetails;
}

const DEFAULT_STATE_DETAILS: StateDetails = StateDetails.parse({});

/** Stored state details with Prefect's defaults for absent keys; unknown keys are dropped. */
export function serializeStateDetails(details: Readonly<Record<string, unknown>> | null | undefined): StateDetails {
  const out: Record<string, unknown> = { ...DEFAULT_STATE_DETAILS };
  if (details) {
    for (const key of STATE_DETAILS_KEYS) {
      if (details[key] !== undefined) out[key] = details[key];
    }
  }
  return out as StateDetails;
}

export function serializeState(record: StateRecord): StateResponse {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    timestamp: record.timestamp,
    message: record.message,
    data: record.data ?? null,
    state_details: serializeStateDetails(record.state_details),
  };
}
