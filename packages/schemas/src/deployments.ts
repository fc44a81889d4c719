// Deployments: the DeploymentCreate/DeploymentUpdate/DeploymentFlowRunCreate request bodies,
// the DeploymentResponse and its serializer. Create and update bodies keep absent fields
// absent: Prefect writes only the fields a request sets.
import { z } from 'zod';
import type { DeploymentRecord } from '@prefect-server-ts/storage';
import { DateTimeString, JsonObject, KeyValueLabels, Tags, Uuid, UuidString, nullable } from './common.ts';
import { DeploymentSchedule, DeploymentScheduleCreate, DeploymentScheduleUpdate, serializeDeploymentSchedule } from './deployment-schedules.ts';
import { CreatedBy, FlowRunPolicy, SizedParameters } from './flow-runs.ts';
import { runNameOrGenerated } from './names.ts';
import { CircularSchemaRefError, SchemaValidationError, schemaProblem, validateValues } from './parameter-schemas.ts';
import { StateCreate } from './states.ts';

export const DeploymentStatus = z.enum(['READY', 'NOT_READY']).meta({ id: 'DeploymentStatus', description: 'Enumeration of deployment statuses.' });

export const ConcurrencyLimitStrategy = z
  .enum(['ENQUEUE', 'CANCEL_NEW'])
  .meta({ id: 'ConcurrencyLimitStrategy', description: 'Enumeration of concurrency collision strategies.' });

export const ConcurrencyOptions = z
  .object({
    collision_strategy: ConcurrencyLimitStrategy,
    grace_period_seconds: nullable(z.int().min(60).max(86400)),
  })
  .meta({ id: 'ConcurrencyOptions', description: 'Class for storing the concurrency config in database.' });

export const VersionInfo = z
  .looseObject({ type: z.string(), version: z.string() })
  .meta({ id: 'VersionInfo' });

export const UpdatedBy = z
  .object({ id: UuidString.nullable(), type: z.string().nullable(), display_value: z.string().nullable() })
  .meta({ id: 'UpdatedBy' });

/** Prefect's NameOrEmpty: no '/', '%', '&', '>' or '<'. */
const DeploymentName = z.string().regex(/^[^/%&><]*$/);

/** Fields older clients still send; Prefect drops them before validating. */
const RETIRED_FIELDS = ['worker_pool_queue_id', 'worker_pool_name', 'worker_pool_queue_name', 'work_pool_queue_name'];
const withoutRetiredFields = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([key]) => !RETIRED_FIELDS.includes(key)))
    : value;

function oneConcurrencyLimit(body: { concurrency_limit?: number | null; global_concurrency_limit_id?: string | null }, ctx: z.RefinementCtx): void {
  if (body.concurrency_limit && body.global_concurrency_limit_id) {
    ctx.addIssue({ code: 'custom', message: 'A deployment cannot have both a concurrency limit and a global concurrency limit.' });
  }
}

/** With enforcement asked for, the schema must be a JSON schema and the parameters must fit it. */
function parametersFitSchema(body: { enforce_parameter_schema?: boolean; parameters?: Record<string, unknown>; parameter_openapi_schema?: Record<string, unknown> | null }, ctx: z.RefinementCtx): void {
  const schema = body.parameter_openapi_schema;
  if (body.enforce_parameter_schema !== true || !schema) return;
  const problem = schemaProblem(schema);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: `The provided schema is not a valid json schema. Schema error: ${problem}` });
    return;
  }
  try {
    validateValues(body.parameters ?? {}, schema, { preprocess: false, ignoreRequired: true });
  } catch (error) {
    if (error instanceof SchemaValidationError) ctx.addIssue({ code: 'custom', message: error.message });
    else if (error instanceof CircularSchemaRefError) ctx.addIssue({ code: 'custom', message: 'Invalid schema: Unable to validate schema with circular references.' });
    else throw error;
  }
}

const commonFields = {
  version: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  paused: z.boolean().optional().meta({ default: false }),
  concurrency_limit: z.int().positive().nullable().optional(),
  concurrency_options: ConcurrencyOptions.nullable().optional(),
  global_concurrency_limit_id: Uuid.nullable().optional(),
  tags: Tags.optional().meta({ default: [] }),
  work_queue_name: z.string().nullable().optional(),
  work_pool_name: z.string().nullable().optional(),
  path: z.string().nullable().optional(),
  pull_steps: z.array(JsonObject).nullable().optional(),
  entrypoint: z.string().nullable().optional(),
  storage_document_id: Uuid.nullable().optional(),
  infrastructure_document_id: Uuid.nullable().optional(),
  version_info: VersionInfo.nullable().optional(),
};

export const DeploymentCreate = z.preprocess(
  withoutRetiredFields,
  z
    .object({
      name: DeploymentName,
      flow_id: Uuid,
      ...commonFields,
      schedules: z.array(DeploymentScheduleCreate).optional().meta({ default: [] }),
      enforce_parameter_schema: z.boolean().optional().meta({ default: true }),
      parameter_openapi_schema: JsonObject.nullable().optional(),
      parameters: SizedParameters.optional().meta({ default: {} }),
      labels: KeyValueLabels.nullable().optional(),
      job_variables: JsonObject.optional().meta({ default: {} }),
    })
    .strict()
    .superRefine(oneConcurrencyLimit)
    .superRefine(parametersFitSchema)
    .meta({ id: 'DeploymentCreate', description: 'Data used by the Prefect REST API to create a deployment.' }),
);
export type DeploymentCreate = z.output<typeof DeploymentCreate>;

export const DeploymentUpdate = z.preprocess(
  withoutRetiredFields,
  z
    .object({
      ...commonFields,
      schedules: z.array(DeploymentScheduleUpdate).optional().meta({ default: [] }),
      parameters: SizedParameters.nullable().optional(),
      parameter_openapi_schema: JsonObject.nullable().optional(),
      job_variables: JsonObject.nullable().optional(),
      enforce_parameter_schema: z.boolean().nullable().optional(),
    })
    .strict()
    .superRefine(oneConcurrencyLimit)
    .meta({ id: 'DeploymentUpdate', description: 'Data used by the Prefect REST API to update a deployment.' }),
);
export type DeploymentUpdate = z.output<typeof DeploymentUpdate>;

export const DeploymentFlowRunCreate = z
  .object({
    state: StateCreate.nullable().default(null),
    name: z.string().nullish().transform(runNameOrGenerated),
    parameters: SizedParameters.default(() => ({})),
    enforce_parameter_schema: nullable(z.boolean()),
    context: JsonObject.default(() => ({})),
    infrastructure_document_id: nullable(Uuid),
    empirical_policy: FlowRunPolicy.default(() => FlowRunPolicy.parse({})),
    tags: Tags.default(() => []),
    idempotency_key: nullable(z.string()),
    labels: nullable(KeyValueLabels),
    parent_task_run_id: nullable(Uuid),
    work_queue_name: nullable(z.string()),
    job_variables: JsonObject.nullable().default(() => ({})),
  })
  .strict()
  .meta({ id: 'DeploymentFlowRunCreate', description: 'Data used by the Prefect REST API to create a flow run from a deployment.' });
export type DeploymentFlowRunCreate = z.output<typeof DeploymentFlowRunCreate>;

export const GlobalConcurrencyLimitResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    active: z.boolean(),
    name: z.string(),
    limit: z.int(),
    active_slots: z.int(),
    slot_decay_per_second: z.number(),
  })
  .meta({ id: 'GlobalConcurrencyLimitResponse', description: 'A response object for global concurrency limits.' });

export const DeploymentResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    version: z.string().nullable(),
    description: z.string().nullable(),
    flow_id: UuidString,
    paused: z.boolean(),
    schedules: z.array(DeploymentSchedule),
    concurrency_limit: z.int().nullable().meta({ deprecated: true }),
    global_concurrency_limit: GlobalConcurrencyLimitResponse.nullable(),
    concurrency_options: ConcurrencyOptions.nullable(),
    job_variables: JsonObject,
    parameters: JsonObject,
    tags: Tags,
    labels: KeyValueLabels,
    work_queue_name: z.string().nullable(),
    work_queue_id: UuidString.nullable(),
    last_polled: DateTimeString.nullable(),
    parameter_openapi_schema: JsonObject.nullable(),
    path: z.string().nullable(),
    pull_steps: z.array(JsonObject).nullable(),
    entrypoint: z.string().nullable(),
    storage_document_id: UuidString.nullable(),
    infrastructure_document_id: UuidString.nullable(),
    created_by: CreatedBy.nullable(),
    updated_by: UpdatedBy.nullable(),
    work_pool_name: z.string().nullable(),
    status: DeploymentStatus.nullable(),
    enforce_parameter_schema: z.boolean(),
  })
  .meta({ id: 'DeploymentResponse' });
export type DeploymentResponse = z.output<typeof DeploymentResponse>;

export const DeploymentPaginationResponse = z
  .object({ results: z.array(DeploymentResponse), count: z.int(), limit: z.int(), pages: z.int(), page: z.int() })
  .meta({ id: 'DeploymentPaginationResponse' });

type Provenance = { id: string | null; type: string | null; display_value: string | null };
const provenance = (value: Record<string, unknown> | null): Provenance | null => {
  if (!value) return null;
  const text = (item: unknown) => (typeof item === 'string' ? item : null);
  return { id: text(value['id']), type: text(value['type']), display_value: text(value['display_value']) };
};

/** The deployment as Prefect answers it: its queue's own name, and the queue's pool. */
export function serializeDeployment(record: DeploymentRecord, schedules: Parameters<typeof serializeDeploymentSchedule>[0][]): DeploymentResponse {
  const limit = record.global_concurrency_limit;
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    version: record.version,
    description: record.description,
    flow_id: record.flow_id,
    paused: record.paused,
    schedules: schedules.map(serializeDeploymentSchedule),
    concurrency_limit: null,
    global_concurrency_limit: limit && { ...limit },
    concurrency_options: record.concurrency_options ? (ConcurrencyOptions.safeParse(record.concurrency_options).data ?? null) : null,
    job_variables: record.job_variables,
    parameters: record.parameters,
    tags: [...record.tags],
    labels: (record.labels as KeyValueLabels | null) ?? {},
    work_queue_name: record.work_queue?.name ?? record.work_queue_name,
    work_queue_id: record.work_queue?.id ?? record.work_queue_id,
    last_polled: record.last_polled,
    parameter_openapi_schema: record.parameter_openapi_schema,
    path: record.path,
    pull_steps: record.pull_steps,
    entrypoint: record.entrypoint,
    storage_document_id: record.storage_document_id,
    infrastructure_document_id: record.infrastructure_document_id,
    created_by: provenance(record.created_by),
    updated_by: provenance(record.updated_by),
    work_pool_name: record.work_queue?.work_pool_name ?? null,
    status: record.status,
    enforce_parameter_schema: record.enforce_parameter_schema,
  };
}
