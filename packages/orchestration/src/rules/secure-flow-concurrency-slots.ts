// SecureFlowConcurrencySlots: a deployment run takes a slot of its deployment's concurrency
// limit on its way to PENDING, before any infrastructure is provisioned, and holds it with a
// lease the client renews. With no slot free it waits (ENQUEUE: back to SCHEDULED as
// AwaitingConcurrencySlot) or is cancelled (CANCEL_NEW). A proposal that a later rule turns
// away gives the slot back.
import { workerManagesDeploymentConcurrency } from '../client-versions.ts';
import type { FlowRunContext } from '../context.ts';
import { concurrencyOptions, leaseSeconds, leaseSlot, releaseLease, takeSlot } from '../deployment-concurrency.ts';
import { allStatesExcept, defineRule, statesOf } from '../engine.ts';
import { newState, scheduledState } from '../states.ts';
import { addSeconds } from '../time.ts';

const LIMIT_REACHED = 'Deployment concurrency limit reached.';

interface Secured {
  readonly limitId: string;
  readonly leaseId: string;
}

export const SecureFlowConcurrencySlots = defineRule<FlowRunContext, Secured | undefined>({
  name: 'SecureFlowConcurrencySlots',
  fromStates: allStatesExcept('PENDING', 'RUNNING', 'CANCELLING'),
  toStates: statesOf('PENDING'),
  async before(entry) {
    const { proposedState: proposed, context } = entry;
    const deploymentId = context.run.deployment_id;
    if (!deploymentId || proposed === null || workerManagesDeploymentConcurrency(context.clientVersion)) return;
    const deployment = await context.repositories.deployments.read(deploymentId);
    if (deployment === null) {
      entry.abort('Deployment not found.');
      return;
    }
    const limit = deployment.global_concurrency_limit;
    if (limit === null || deployment.concurrency_limit_id === null) return;
    if (limit.limit === 0) {
      entry.abort('The deployment concurrency limit is 0. The flow will deadlock if submitted again.');
      return;
    }

    if (await takeSlot(context, deployment.concurrency_limit_id)) {
      const leaseId = await leaseSlot(context, deployment.concurrency_limit_id, leaseSeconds(context, deployment), null);
      proposed.state_details.deployment_concurrency_lease_id = leaseId;
      return { limitId: deployment.concurrency_limit_id, leaseId };
    }

    const now = context.now();
    if ((concurrencyOptions(deployment)?.collisionStrategy ?? 'ENQUEUE') === 'ENQUEUE') {
      const retryAt = addSeconds(now, context.settings.deploymentSlotWaitSeconds);
      entry.reject(scheduledState(retryAt, { name: 'AwaitingConcurrencySlot' }, now), LIMIT_REACHED);
    } else {
      entry.reject(newState('CANCELLED', { message: LIMIT_REACHED }, now), LIMIT_REACHED);
    }
  },
  async cleanup({ context }, secured) {
    if (secured === undefined) return;
    await releaseLease(context, secured.leaseId, [secured.limitId]);
    const validated = context.validatedState;
    if (validated !== null) {
      context.validatedState = { ...validated, state_details: { ...validated.state_details, deployment_concurrency_lease_id: null } };
    }
  },
});
