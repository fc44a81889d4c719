// Task runs: TaskRunPolicy, task inputs, the TaskRunCreate and TaskRunUpdate request bodies,
// the TaskRun response and its serializer with Prefect's computed fields.
import { z } from 'zod';
import type { TaskRunRecord } from '@prefect-server-ts/storage';
import type { Timestamp } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, KeyValueLabels, Tags, Uuid, UuidString, nullable } from './common.ts';
import { estimatedRunTime, estimatedStartTimeDelta } from './flow-runs.ts';
import { runNameOrGenerated } from './names.ts';
import { State, StateCreate, StateType, serializeState } from './states.ts';

/** PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH's default. */
export const MAX_CACHE_KEY_LENGTH = 2000;

export const TaskRunPolicy = z
  .object({
    max_retries: z.int().default(0),
    retry_delay_seconds: z.number().default(0),
    retries: nullable(z.int()),
    retry_delay: nullable(
      z.union([z.number(), z.array(z.number())]).refine((delay) => !Array.isArray(delay) || delay.length <= 50, {
        message: 'Can not configure more than 50 retry delays per task.',
      }),
    ),
    retry_jitter_factor: nullable(z.number().refine((factor) => factor >= 0, { message: '`retry_jitter_factor` must be >= 0.' })),
  })
  .transform((policy) => ({
    ...policy,
    retries: !policy.retries && policy.max_retries !== 0 ? policy.max_retries : policy.retries,
    retry_delay:
      (policy.retry_delay === null || policy.retry_delay === 0) && policy.retry_delay_seconds !== 0
        ? policy.retry_delay_seconds
        : policy.retry_delay,
  }))
  .meta({ id: 'TaskRunPolicy', description: 'Defines of how a task run should retry.' });
export type TaskRunPolicy = z.output<typeof TaskRunPolicy>;

export const TaskRunResult = z
  .object({ input_type: z.literal('task_run').default('task_run'), id: Uuid })
  .meta({ id: 'TaskRunResult', description: 'Represents a task run result input to another task run.' });
export const FlowRunResult = z
  .object({ input_type: z.literal('flow_run').default('flow_run'), id: Uuid })
  .meta({ id: 'FlowRunResult' });
export const Parameter = z
  .object({ input_type: z.literal('parameter').default('parameter'), name: z.string() })
  .meta({ id: 'Parameter', description: 'Represents a parameter input to a task run.' });
export const Constant = z
  .object({ input_type: z.literal('constant').default('constant'), type: z.string() })
  .meta({ id: 'Constant', description: 'Represents constant input value to a task run.' });
export const TaskRunInput = z.union([TaskRunResult, FlowRunResult, Parameter, Constant]);
export type TaskRunInput = z.output<typeof TaskRunInput>;
export const TaskInputs = z.record(z.string(), z.array(TaskRunInput));

const CacheKey = z.string().max(MAX_CACHE_KEY_LENGTH, {
  message: `Cache key exceeded maximum allowed length of ${MAX_CACHE_KEY_LENGTH} characters.`,
});

export const TaskRunCreate = z
  .object({
    id: nullable(Uuid),
    state: StateCreate.nullable().default(null),
    name: z.string().nullish().transform(runNameOrGenerated),
    flow_run_id: nullable(Uuid),
    task_key: z.string(),
    dynamic_key: z.string(),
    cache_key: nullable(CacheKey),
    cache_expiration: nullable(DateTime),
    task_version: nullable(z.string()),
    empirical_policy: TaskRunPolicy.default(() => TaskRunPolicy.parse({})),
    tags: Tags.default(() => []),
    labels: KeyValueLabels.nullable().default(() => ({})),
    task_inputs: TaskInputs.default(() => ({})),
  })
  .strict()
  .meta({ id: 'TaskRunCreate', description: 'Data used by the Prefect REST API to create a task run' });
export type TaskRunCreate = z.output<typeof TaskRunCreate>;

/** Only a name present in the body is set (exclude_unset); null or '' generates one. */
export const TaskRunUpdate = z
  .object({
    name: z.string().nullable().transform(runNameOrGenerated).optional(),
  })
  .strict()
  .meta({ id: 'TaskRunUpdate', description: 'Data used by the Prefect REST API to update a task run' });
export type TaskRunUpdate = z.output<typeof TaskRunUpdate>;

export const TaskRun = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    flow_run_id: UuidString.nullable(),
    task_key: z.string(),
    dynamic_key: z.string(),
    cache_key: z.string().nullable(),
    cache_expiration: DateTimeString.nullable(),
    task_version: z.string().nullable(),
    empirical_policy: TaskRunPolicy,
    tags: Tags,
    labels: KeyValueLabels.nullable(),
    state_id: UuidString.nullable(),
    task_inputs: TaskInputs,
    state_type: StateType.nullable(),
    state_name: z.string().nullable(),
    run_count: z.int(),
    flow_run_run_count: z.int(),
    expected_start_time: DateTimeString.nullable(),
    next_scheduled_start_time: DateTimeString.nullable(),
    start_time: DateTimeString.nullable(),
    end_time: DateTimeString.nullable(),
    total_run_time: z.number(),
    estimated_run_time: z.number(),
    estimated_start_time_delta: z.number(),
    state: State.nullable(),
  })
  .meta({ id: 'TaskRun', description: 'An ORM representation of task run data.' });
export type TaskRunResponse = z.output<typeof TaskRun>;

const DEFAULT_TASK_RUN_POLICY: TaskRunPolicy = TaskRunPolicy.parse({});

export function serializeTaskRunPolicy(policy: Readonly<Record<string, unknown>> | null | undefined): TaskRunPolicy {
  const parsed = TaskRunPolicy.safeParse(policy ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_TASK_RUN_POLICY };
}

export function serializeTaskRun(record: TaskRunRecord, now: Timestamp): TaskRunResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    flow_run_id: record.flow_run_id,
    task_key: record.task_key,
    dynamic_key: record.dynamic_key,
    cache_key: record.cache_key,
    cache_expiration: record.cache_expiration,
    task_version: record.task_version,
    empirical_policy: serializeTaskRunPolicy(record.empirical_policy),
    tags: [...record.tags],
    labels: (record.labels as KeyValueLabels | null) ?? {},
    state_id: record.state_id,
    task_inputs: record.task_inputs as Record<string, TaskRunInput[]>,
    state_type: record.state_type,
    state_name: record.state_name,
    run_count: record.run_count,
    flow_run_run_count: record.flow_run_run_count,
    expected_start_time: record.expected_start_time,
    next_scheduled_start_time: record.next_scheduled_start_time,
    start_time: record.start_time,
    end_time: record.end_time,
    total_run_time: record.total_run_time,
    estimated_run_time: estimatedRunTime(record, now),
    estimated_start_time_delta: estimatedStartTimeDelta(record, now),
    state: record.state ? serializeState(record.state) : null,
  };
}
