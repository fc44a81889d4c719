// What a flow run takes from the deployment that makes it, whether the scheduler or
// `create_flow_run` makes it: Prefect's system labels, and the queue's own name.
import type { DeploymentRecord, JsonObject } from '@prefect-server-ts/storage';

/** The deployment's labels, then the flow and deployment ids, then the caller's labels on top. */
export function deploymentRunLabels(deployment: DeploymentRecord, userLabels: JsonObject | null = null): JsonObject {
  return { ...(deployment.labels ?? {}), 'prefect.flow.id': deployment.flow_id, 'prefect.deployment.id': deployment.id, ...(userLabels ?? {}) };
}

/** A deployment created with only a pool runs in that pool's default queue, under that queue's name. */
export function deploymentRunQueueName(deployment: DeploymentRecord): string | null {
  return deployment.work_queue?.name ?? deployment.work_queue_name;
}
