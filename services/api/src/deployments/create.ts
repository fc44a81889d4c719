// POST /deployments/: insert or update by (flow, name), as Prefect's create_deployment does.
// Only the fields the request sets are written; schedules are replaced, and the auto-scheduled
// future runs of an existing deployment are dropped so that the scheduler makes them anew.
import type { DeploymentCreate, DeploymentResponse } from '@prefect-server-ts/schemas';
import { serializeDeployment } from '@prefect-server-ts/schemas';
import type { DeploymentWrite, Repositories } from '@prefect-server-ts/storage';
import { conflict, notFound, unprocessable } from '../http/http-error.ts';
import { jobVariablesFailure, variablesSchema } from './job-variables.ts';

/** The pool Prefect creates on demand and does not check for beforehand. */
const DEFAULT_AGENT_POOL = 'default-agent-pool';

/** What a new row gets for the fields a request leaves out (Prefect's ORM defaults). */
const INSERT_DEFAULTS: DeploymentWrite = {
  paused: false,
  enforce_parameter_schema: true,
  parameter_openapi_schema: {},
  parameters: {},
  pull_steps: [],
  tags: [],
  job_variables: {},
};

const missingBlock = (kind: string, id: string) =>
  conflict(
    `Error creating deployment. Could not find ${kind} block with id: ${id}. This usually occurs when applying a deployment specification that was built against a different Prefect database / workspace.`,
  );

export const poolNotFound = (name: string) => notFound(`Work pool "${name}" not found.`);

/** The deployment with its schedules, as the API answers it; null when there is none. */
export async function readDeploymentResponse(repositories: Repositories, id: string): Promise<DeploymentResponse | null> {
  const deployment = await repositories.deployments.read(id);
  return deployment && serializeDeployment(deployment, await repositories.deploymentSchedules.list(id));
}

/** The work queue id to store for a pool and queue name, when either is given. */
export async function workQueueFor(repositories: Repositories, workPoolName: string | null | undefined, workQueueName: string | null | undefined) {
  if (!workPoolName && !workQueueName) return undefined;
  const queue = await repositories.deployments.resolveWorkQueue({ workPoolName, workQueueName });
  if (!queue && workPoolName) throw poolNotFound(workPoolName);
  return queue?.id ?? null;
}

export async function createDeployment(repositories: Repositories, body: DeploymentCreate): Promise<{ id: string; created: boolean }> {
  const { deployments, deploymentSchedules } = repositories;
  const { name, flow_id, work_pool_name, schedules, concurrency_limit, global_concurrency_limit_id, version_info: _versionInfo, labels, ...fields } = body;

  if (work_pool_name && work_pool_name !== DEFAULT_AGENT_POOL) {
    const template = await deployments.readWorkPoolJobTemplate(work_pool_name);
    if (template === null) throw poolNotFound(work_pool_name);
    const schema = body.job_variables && Object.keys(body.job_variables).length > 0 ? variablesSchema(template) : undefined;
    const failure = schema && jobVariablesFailure(schema, [body.job_variables], { ignoreRequired: true });
    if (failure) throw unprocessable(`Error creating deployment: ${failure}`);
  }
  if (global_concurrency_limit_id && !(await deployments.concurrencyLimitExists(global_concurrency_limit_id))) {
    throw notFound('Concurrency limit not found');
  }
  const workQueueId = await workQueueFor(repositories, work_pool_name, fields.work_queue_name);
  if (fields.infrastructure_document_id && !(await deployments.blockDocumentExists(fields.infrastructure_document_id))) {
    throw missingBlock('infrastructure', fields.infrastructure_document_id);
  }
  if (fields.storage_document_id && !(await deployments.blockDocumentExists(fields.storage_document_id))) {
    throw missingBlock('storage', fields.storage_document_id);
  }

  const flow = await repositories.flows.read(flow_id);
  const values: DeploymentWrite = {
    ...fields,
    // Prefect's validator always writes parameters back, so an upsert without them clears them.
    parameters: fields.parameters ?? {},
    labels: { ...(flow?.labels ?? {}), 'prefect.flow.id': flow_id, ...(labels ?? {}) },
    ...(workQueueId === undefined ? {} : { work_queue_id: workQueueId }),
    ...(global_concurrency_limit_id === undefined ? {} : { concurrency_limit_id: global_concurrency_limit_id }),
  };
  const { id, created } = await deployments.upsert({ flow_id, name, values, insertDefaults: INSERT_DEFAULTS });

  await deployments.deleteScheduledRuns(id, { autoScheduledOnly: true, futureOnly: true });
  await deploymentSchedules.deleteAll(id);
  // As in Prefect, schedules given with a deployment do not keep their max_scheduled_runs.
  await deploymentSchedules.create(
    id,
    (schedules ?? []).map((s) => ({ schedule: s.schedule as Record<string, unknown>, active: s.active, parameters: s.parameters, slug: s.slug })),
  );
  if (concurrency_limit !== undefined) await deployments.setConcurrencyLimit(id, concurrency_limit);
  return { id, created };
}
