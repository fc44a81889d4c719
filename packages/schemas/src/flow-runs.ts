// Flow runs: FlowRunPolicy, CreatedBy, the FlowRunCreate and FlowRunUpdate request bodies,
// the FlowRunResponse returned by the API and its serializer with Prefect's computed fields.
import { z } from 'zod';
import { secondsBetween, type FlowRunRecord, type Timestamp } from '@prefect-server-ts/storage';
import { DateTimeString, JsonObject, KeyValueLabels, Tags, Uuid, UuidString, jsonByteLength, nullable } from './common.ts';
import { runNameOrGenerated } from './names.ts';
import { State, StateCreate, StateType, TERMINAL_STATE_TYPES, serializeState } from './states.ts';

/** PREFECT_SERVER_API_MAX_PARAMETER_SIZE's default, in bytes of compact JSON. */
export const MAX_PARAMETER_SIZE = 524_288;

export const SizedParameters = JsonObject.superRefine((parameters, ctx) => {
  const size = jsonByteLength(parameters);
  if (size > MAX_PARAMETER_SIZE) {
    ctx.addIssue({
      code: 'custom',
      message: `Flow run parameters must be less than ${MAX_PARAMETER_SIZE.toLocaleString('en-US')} bytes when serialized (got ${size.toLocaleString('en-US')} bytes).`,
    });
  }
});

export const FlowRunPolicy = z
  .object({
    max_retries: z.int().default(0),
    retry_delay_seconds: z.number().default(0),
    retries: nullable(z.int()),
    retry_delay: nullable(z.int()),
    pause_keys: z.array(z.string()).nullable().default(() => []),
    resuming: z.boolean().nullable().default(false),
    retry_type: nullable(z.enum(['in_process', 'reschedule'])),
  })
  .transform((policy) => ({
    ...policy,
    // The deprecated fields still populate their replacements, as Prefect's validator does.
    retries: !policy.retries && policy.max_retries !== 0 ? policy.max_retries : policy.retries,
    retry_delay: !policy.retry_delay && policy.retry_delay_seconds !== 0 ? Math.trunc(policy.retry_delay_seconds) : policy.retry_delay,
    pause_keys: policy.pause_keys === null ? null : [...new Set(policy.pause_keys)],
  }))
  .meta({ id: 'FlowRunPolicy', description: 'Defines of how a flow run should retry.' });
export type FlowRunPolicy = z.output<typeof FlowRunPolicy>;

export const CreatedBy = z
  .object({
    id: nullable(Uuid),
    type: nullable(z.string()),
    display_value: nullable(z.string()),
  })
  .meta({ id: 'CreatedBy' });
export type CreatedBy = z.output<typeof CreatedBy>;

/** Prefect's set_name validator: a missing, null or empty name becomes a generated slug. */
const RunName = z.string().nullish().transform(runNameOrGenerated);

export const FlowRunCreate = z
  .object({
    state: StateCreate.nullable().default(null),
    name: RunName,
    flow_id: Uuid,
    flow_version: nullable(z.string()),
    parameters: SizedParameters.default(() => ({})),
    context: JsonObject.default(() => ({})),
    parent_task_run_id: nullable(Uuid),
    infrastructure_document_id: nullable(Uuid),
    empirical_policy: FlowRunPolicy.default(() => FlowRunPolicy.parse({})),
    tags: Tags.default(() => []),
    labels: KeyValueLabels.nullable().default(() => ({})),
    idempotency_key: nullable(z.string()),
    work_pool_name: nullable(z.string()),
    work_queue_name: nullable(z.string()),
    job_variables: nullable(JsonObject),
    deployment_id: nullable(Uuid).meta({ deprecated: true }),
  })
  .strict()
  .meta({ id: 'FlowRunCreate', description: 'Data used by the Prefect REST API to create a flow run.' });
export type FlowRunCreate = z.output<typeof FlowRunCreate>;

/** Only the fields present in the body are set: Prefect updates with exclude_unset. */
export const FlowRunUpdate = z
  .object({
    name: z.string().nullable().transform(runNameOrGenerated).optional(),
    flow_version: z.string().nullable().optional(),
    parameters: SizedParameters.optional(),
    empirical_policy: FlowRunPolicy.optional(),
    tags: Tags.optional(),
    infrastructure_pid: z.string().nullable().optional(),
    job_variables: JsonObject.nullable().optional(),
  })
  .strict()
  .meta({ id: 'FlowRunUpdate', description: 'Data used by the Prefect REST API to update a flow run.' });
export type FlowRunUpdate = z.output<typeof FlowRunUpdate>;

export const FlowRunResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    flow_id: UuidString,
    state_id: UuidString.nullable(),
    deployment_id: UuidString.nullable(),
    deployment_version: z.string().nullable(),
    work_queue_id: UuidString.nullable(),
    work_queue_name: z.string().nullable(),
    flow_version: z.string().nullable(),
    parameters: JsonObject,
    idempotency_key: z.string().nullable(),
    context: JsonObject,
    empirical_policy: FlowRunPolicy,
    tags: Tags,
    labels: KeyValueLabels,
    parent_task_run_id: UuidString.nullable(),
    state_type: StateType.nullable(),
    state_name: z.string().nullable(),
    run_count: z.int(),
    expected_start_time: DateTimeString.nullable(),
    next_scheduled_start_time: DateTimeString.nullable(),
    start_time: DateTimeString.nullable(),
    end_time: DateTimeString.nullable(),
    total_run_time: z.number(),
    estimated_run_time: z.number(),
    estimated_start_time_delta: z.number(),
    auto_scheduled: z.boolean(),
    infrastructure_document_id: UuidString.nullable(),
    infrastructure_pid: z.string().nullable(),
    created_by: CreatedBy.nullable(),
    work_pool_id: UuidString.nullable(),
    work_pool_name: z.string().nullable(),
    state: State.nullable(),
    job_variables: JsonObject.nullable(),
  })
  .meta({ id: 'FlowRunResponse' });
/** The flow run as the API returns it (Prefect's FlowRunResponse). */
export const FlowRun = FlowRunResponse;
export type FlowRunResponse = z.output<typeof FlowRunResponse>;

const DEFAULT_FLOW_RUN_POLICY: FlowRunPolicy = FlowRunPolicy.parse({});

/** A stored policy with Prefect's defaults for absent fields. */
export function serializeFlowRunPolicy(policy: Readonly<Record<string, unknown>> | null | undefined): FlowRunPolicy {
  const parsed = FlowRunPolicy.safeParse(policy ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_FLOW_RUN_POLICY };
}

interface RunTiming {
  readonly state_type: StateType | null;
  readonly state_timestamp: Timestamp | null;
  readonly total_run_time: number;
  readonly expected_start_time: Timestamp | null;
  readonly start_time: Timestamp | null;
}

/** Run time including the current RUNNING period, in seconds (Prefect's estimated_run_time). */
export function estimatedRunTime(run: RunTiming, now: Timestamp): number {
  if (run.state_type === 'RUNNING' && run.state_timestamp) {
    return run.total_run_time + secondsBetween(run.state_timestamp, now);
  }
  return run.total_run_time;
}

/** Lateness against the expected start, in seconds (Prefect's estimated_start_time_delta). */
export function estimatedStartTimeDelta(run: RunTiming, now: Timestamp): number {
  const { start_time: start, expected_start_time: expected } = run;
  if (start && expected && start > expected) return secondsBetween(expected, start);
  if (
    !start &&
    expected &&
    expected < now &&
    (run.state_type === null || !TERMINAL_STATE_TYPES.includes(run.state_type))
  ) {
    return secondsBetween(expected, now);
  }
  return 0;
}

export function serializeFlowRun(record: FlowRunRecord, now: Timestamp): FlowRunResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    flow_id: record.flow_id,
    state_id: record.state_id,
    deployment_id: record.deployment_id,
    deployment_version: record.deployment_version,
    work_queue_id: record.work_queue_id,
    work_queue_name: record.work_queue_name,
    flow_version: record.flow_version,
    parameters: record.parameters,
    idempotency_key: record.idempotency_key,
    context: record.context,
    empirical_policy: serializeFlowRunPolicy(record.empirical_policy),
    tags: [...record.tags],
    labels: (record.labels as KeyValueLabels | null) ?? {},
    parent_task_run_id: record.parent_task_run_id,
    state_type: record.state_type,
    state_name: record.state_name,
    run_count: record.run_count,
    expected_start_time: record.expected_start_time,
    next_scheduled_start_time: record.next_scheduled_start_time,
    start_time: record.start_time,
    end_time: record.end_time,
    total_run_time: record.total_run_time,
    estimated_run_time: estimatedRunTime(record, now),
    estimated_start_time_delta: estimatedStartTimeDelta(record, now),
    auto_scheduled: record.auto_scheduled,
    infrastructure_document_id: record.infrastructure_document_id,
    infrastructure_pid: record.infrastructure_pid,
    created_by: record.created_by ? serializeCreatedBy(record.created_by) : null,
    work_pool_id: null,
    work_pool_name: null,
    state: record.state ? serializeState(record.state) : null,
    job_variables: record.job_variables,
  };
}

function serializeCreatedBy(createdBy: Readonly<Record<string, unknown>>): CreatedBy {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { id: text(createdBy['id']), type: text(createdBy['type']), display_value: text(createdBy['display_value']) };
}
