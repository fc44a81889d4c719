// ValidateDeploymentConcurrencyAtRunning: a run starting RUNNING still holds the slot it
// took at PENDING. Its lease is renewed; if the repossessor took it back while the
// infrastructure was starting, the run takes a free slot again, or is cancelled, as its
// infrastructure is already up and it cannot wait.
import { clientRenewsLeases } from '../client-versions.ts';
import type { FlowRunContext } from '../context.ts';
import { leaseSeconds, leaseSlot, takeSlot } from '../deployment-concurrency.ts';
import { defineRule, statesOf } from '../engine.ts';
import { newState } from '../states.ts';
import { addSeconds } from '../time.ts';

export const ValidateDeploymentConcurrencyAtRunning = defineRule<FlowRunContext>({
  name: 'ValidateDeploymentConcurrencyAtRunning',
  fromStates: statesOf('PENDING'),
  toStates: statesOf('RUNNING'),
  async before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const leaseId = initial.state_details.deployment_concurrency_lease_id;
    proposed.state_details.deployment_concurrency_lease_id = leaseId;
    // Older clients never renew, so their leases would always look lost.
    if (!leaseId || !clientRenewsLeases(context.clientVersion) || !context.run.deployment_id) return;
    const deployment = await context.repositories.deployments.read(context.run.deployment_id);
    if (deployment === null || deployment.global_concurrency_limit === null || deployment.concurrency_limit_id === null) return;

    const seconds = leaseSeconds(context, deployment);
    if (await context.repositories.concurrencyLeases.renew(leaseId, addSeconds(context.now(), seconds))) return;

    if (await takeSlot(context, deployment.concurrency_limit_id)) {
      proposed.state_details.deployment_concurrency_lease_id = await leaseSlot(context, deployment.concurrency_limit_id, seconds, {
        type: 'flow_run',
        id: context.run.id,
      });
      return;
    }
    entry.reject(
      newState('CANCELLED', { message: 'Deployment concurrency slot lost during provisioning - no slots available to continue execution' }, context.now()),
      'Deployment concurrency limit reached after lease expiry.',
    );
  },
});
