// Work pools: WorkPoolCreate and WorkPoolUpdate (with Prefect's base job template rules),
// the WorkPoolResponse and its serializer, the /filter and /count bodies, and the worker
// claim's request body and WorkerFlowRunResponse.
import { z } from 'zod';
import { AGENT_POOL_TYPE, type ClaimedRun, type WorkPoolRecord } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, JsonObject, NAME_PATTERN, UuidString, nullable, orDefault, Uuid } from './common.ts';
import { limitSchema } from './filters/bodies.ts';
import { WorkPoolFilter } from './filters/work-pools.ts';
import { FlowRunResponse, serializeFlowRun } from './flow-runs.ts';

/** Names starting with this (any case) are Prefect's own. */
export const RESERVED_POOL_PREFIX = 'prefect';
export const isReservedPoolName = (name: string) => name.toLowerCase().startsWith(RESERVED_POOL_PREFIX);

/** Prefect's NonEmptyishName: no banned characters, and not only quotes and spaces. */
const PoolName = z
  .string()
  .refine((name) => name.replace(/^['" ]+|['" ]+$/g, '') !== '', { message: 'name cannot be an empty string' })
  .pipe(z.string().regex(NAME_PATTERN));

const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

/**
 * Prefect's validate_base_job_template: empty, or a `job_configuration` whose every
 * {{ placeholder }} is a property of the `variables` schema. The error text is Prefect's.
 */
export function baseJobTemplateError(template: Record<string, unknown>): string | undefined {
  if (Object.keys(template).length === 0) return undefined;
  const config = template['job_configuration'];
  const variables = template['variables'];
  const present = (value: unknown) => value !== null && value !== undefined && value !== false && value !== '' && value !== 0 && !(typeof value === 'object' && Object.keys(value).length === 0);
  if (!present(config) || !present(variables)) {
    return 'The `base_job_template` must contain both a `job_configuration` key and a `variables` key.';
  }
  if (typeof config !== 'object' || Array.isArray(config)) return 'The `job_configuration` of a `base_job_template` must be an object.';
  const used = new Set<string>();
  for (const value of Object.values(config as Record<string, unknown>)) {
    for (const match of (JSON.stringify(value) ?? '').matchAll(PLACEHOLDER)) used.add(match[1]!);
  }
  const properties = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>)['properties'] : undefined;
  const declared = new Set(typeof properties === 'object' && properties !== null ? Object.keys(properties) : []);
  const missing = [...used].filter((name) => !declared.has(name));
  if (missing.length === 0) return undefined;
  return (
    'The variables specified in the job configuration template must be present as properties in the variables schema. ' +
    `Your job configuration uses the following undeclared variable(s): ${missing.join(' ,')}.`
  );
}

const BaseJobTemplate = JsonObject.superRefine((template, ctx) => {
  const error = baseJobTemplateError(template);
  if (error) ctx.addIssue({ code: 'custom', message: error });
});

export const WorkPoolStorageConfiguration = z
  .object({
    bundle_upload_step: nullable(JsonObject),
    bundle_execution_step: nullable(JsonObject),
    default_result_storage_block_id: nullable(Uuid),
  })
  .strict()
  .meta({ id: 'WorkPoolStorageConfiguration', description: "A representation of a work pool's storage configuration" });
export type WorkPoolStorageConfiguration = z.output<typeof WorkPoolStorageConfiguration>;

const NonNegativeInt = z.int().min(0);

export const WorkPoolCreate = z
  .object({
    name: PoolName.meta({ description: 'The name of the work pool.' }),
    description: nullable(z.string()),
    type: z.string().default(AGENT_POOL_TYPE),
    base_job_template: BaseJobTemplate.default(() => ({})),
    is_paused: z.boolean().default(false),
    concurrency_limit: nullable(NonNegativeInt),
    storage_configuration: WorkPoolStorageConfiguration.default(() => WorkPoolStorageConfiguration.parse({})),
  })
  .strict()
  .meta({ id: 'WorkPoolCreate', description: 'Data used by the Prefect REST API to create a work pool.' });
export type WorkPoolCreate = z.output<typeof WorkPoolCreate>;

/** Only the fields present are applied; an explicit null is applied too, as Prefect does. */
export const WorkPoolUpdate = z
  .object({
    description: z.string().nullable().optional(),
    is_paused: z.boolean().nullable().optional(),
    base_job_template: BaseJobTemplate.nullable().optional(),
    concurrency_limit: NonNegativeInt.nullable().optional(),
    storage_configuration: WorkPoolStorageConfiguration.nullable().optional(),
  })
  .strict()
  .meta({ id: 'WorkPoolUpdate', description: 'Data used by the Prefect REST API to update a work pool.' });
export type WorkPoolUpdate = z.output<typeof WorkPoolUpdate>;

export const WorkPoolStatus = z.enum(['READY', 'NOT_READY', 'PAUSED']).meta({ id: 'WorkPoolStatus', description: 'Enumeration of work pool statuses.' });

export const WorkPoolResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.string(),
    base_job_template: JsonObject,
    is_paused: z.boolean(),
    concurrency_limit: z.int().nullable(),
    status: WorkPoolStatus.nullable(),
    default_queue_id: UuidString.nullable(),
    storage_configuration: WorkPoolStorageConfiguration,
    active_slots: z.int().nullable(),
  })
  .meta({ id: 'WorkPoolResponse' });
export type WorkPoolResponse = z.output<typeof WorkPoolResponse>;

/** `activeSlots` counts only for a pool with a concurrency limit; agent pools show no status. */
export function serializeWorkPool(record: WorkPoolRecord, activeSlots: number | undefined): WorkPoolResponse {
  const storage = WorkPoolStorageConfiguration.safeParse(record.storage_configuration ?? {});
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    description: record.description,
    type: record.type,
    base_job_template: record.base_job_template,
    is_paused: record.is_paused,
    concurrency_limit: record.concurrency_limit,
    status: record.type === AGENT_POOL_TYPE ? null : record.status,
    default_queue_id: record.default_queue_id,
    storage_configuration: storage.success ? storage.data : WorkPoolStorageConfiguration.parse({}),
    active_slots: record.concurrency_limit === null ? null : (activeSlots ?? 0),
  };
}

const offset = () => orDefault(z.int().min(0), 0);

export const workPoolsFilterBody = (defaultLimit: number) =>
  z
    .object({ work_pools: WorkPoolFilter.nullable().default(null), offset: offset(), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_work_pools_work_pools_filter_post' });

export const WorkPoolsCountBody = z
  .object({ work_pools: WorkPoolFilter.nullable().default(null) })
  .meta({ title: 'Body_count_work_pools_work_pools_count_post' });

export const workPoolScheduledFlowRunsBody = (defaultLimit: number) =>
  z
    .object({
      work_queue_names: z.array(z.string()).nullish().transform((names) => names ?? null).meta({ description: 'The names of work pool queues' }),
      scheduled_before: DateTime.nullish().transform((value) => value ?? null).meta({ description: 'The maximum time to look for scheduled flow runs' }),
      scheduled_after: DateTime.nullish().transform((value) => value ?? null).meta({ description: 'The minimum time to look for scheduled flow runs' }),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_get_scheduled_flow_runs_work_pools__name__get_scheduled_flow_runs_post' });

/** Prefect's core FlowRun: the response's fields less the work pool's id and name. */
export const FlowRunCore = FlowRunResponse.omit({ work_pool_id: true, work_pool_name: true }).meta({ id: 'FlowRun', description: 'An ORM representation of flow run data.' });

export const WorkerFlowRunResponse = z
  .object({ work_pool_id: UuidString, work_queue_id: UuidString, flow_run: FlowRunCore })
  .meta({ id: 'WorkerFlowRunResponse' });
export type WorkerFlowRunResponse = z.output<typeof WorkerFlowRunResponse>;

export function serializeWorkerFlowRun(claimed: ClaimedRun, now: string): WorkerFlowRunResponse {
  const { work_pool_id: _poolId, work_pool_name: _poolName, ...flowRun } = serializeFlowRun(claimed.run, now);
  return { work_pool_id: claimed.work_pool_id, work_queue_id: claimed.work_queue_id, flow_run: flowRun };
}
