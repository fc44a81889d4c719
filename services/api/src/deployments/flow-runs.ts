// POST /deployments/{id}/create_flow_run: a run of the deployment's flow, with the
// deployment's parameters under the request's, its tags, labels, queue and infrastructure,
// in SCHEDULED (now) unless the request gives a state. The first state is forced through
// the global policy, as for any new run; a repeated idempotency key returns the first run.
import { deploymentRunLabels, deploymentRunQueueName, orchestrateHeldFlowRun, resolveFlowOptions } from '@prefect-server-ts/orchestration';
import type { CreatedBy, DeploymentFlowRunCreate } from '@prefect-server-ts/schemas';
import type { DeploymentRecord, FlowRunRecord, Repositories } from '@prefect-server-ts/storage';
import { badRequest, notFound, unprocessable } from '../http/http-error.ts';
import { jobVariablesFailure, variablesSchema } from './job-variables.ts';
import { enforceSchema, hydrated } from './parameters.ts';

export interface CreatedRun {
  readonly run: FlowRunRecord;
  readonly created: boolean;
  readonly deployment: DeploymentRecord;
}

async function checkJobVariables(repositories: Repositories, deployment: DeploymentRecord, jobVariables: Record<string, unknown> | null): Promise<void> {
  if (!deployment.work_queue) return;
  const schema = variablesSchema(await repositories.deployments.readWorkPoolJobTemplate(deployment.work_queue.work_pool_name));
  const failure = schema && jobVariablesFailure(schema, [deployment.job_variables, jobVariables], { ignoreRequired: false });
  if (failure) throw unprocessable(`Error creating flow run: ${failure}`);
}

async function queueFor(repositories: Repositories, deployment: DeploymentRecord, requested: string | null) {
  if (!requested) return { work_queue_name: deploymentRunQueueName(deployment), work_queue_id: deployment.work_queue_id };
  if (!deployment.work_queue) {
    throw badRequest(
      `Cannot create flow run in work queue ${requested} because deployment ${deployment.id} is not associated with a work pool. Please remove work_pool_name and try again.`,
    );
  }
  const queue = await repositories.deployments.resolveWorkQueue({ workPoolName: deployment.work_queue.work_pool_name, workQueueName: requested });
  return { work_queue_name: requested, work_queue_id: queue?.id ?? null };
}

/** Runs inside the caller's locking transaction. */
export async function createFlowRunFromDeployment(
  repositories: Repositories,
  deploymentId: string,
  body: DeploymentFlowRunCreate,
  createdBy: CreatedBy | null,
): Promise<CreatedRun> {
  const deployment = await repositories.deployments.read(deploymentId);
  if (!deployment) throw notFound('Deployment not found');
  const parameters = await hydrated(repositories, { ...deployment.parameters, ...body.parameters }, 'Error hydrating flow run parameters');
  if (body.enforce_parameter_schema ?? deployment.enforce_parameter_schema) {
    enforceSchema(parameters, deployment.parameter_openapi_schema, 'Error creating flow run');
  }
  await checkJobVariables(repositories, deployment, body.job_variables);

  const { state, enforce_parameter_schema: _enforce, work_queue_name: requestedQueue, labels, tags, infrastructure_document_id, ...fields } = body;
  const { run, created } = await repositories.flowRuns.create({
    ...fields,
    flow_id: deployment.flow_id,
    deployment_id: deployment.id,
    deployment_version: deployment.version,
    parameters,
    tags: [...new Set([...deployment.tags, ...tags])],
    labels: deploymentRunLabels(deployment, labels),
    infrastructure_document_id: infrastructure_document_id ?? deployment.infrastructure_document_id,
    created_by: createdBy,
    ...(await queueFor(repositories, deployment, requestedQueue)),
  });
  if (!created) return { run, created, deployment };
  await orchestrateHeldFlowRun(repositories, run, state ?? { type: 'SCHEDULED' }, resolveFlowOptions({ force: true }));
  return { run: (await repositories.flowRuns.read(run.id))!, created, deployment };
}
