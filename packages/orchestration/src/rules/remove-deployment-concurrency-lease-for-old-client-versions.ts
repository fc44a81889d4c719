// RemoveDeploymentConcurrencyLeaseForOldClientVersions: a client too old to renew its lease
// would lose its slot to the repossessor mid-run, so once the run has started its lease is
// revoked. The slot itself stays taken until the run finishes.
import { clientRenewsLeases } from '../client-versions.ts';
import type { FlowRunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';

export const RemoveDeploymentConcurrencyLeaseForOldClientVersions = defineRule<FlowRunContext>({
  name: 'RemoveDeploymentConcurrencyLeaseForOldClientVersions',
  fromStates: statesOf('PENDING'),
  toStates: statesOf('RUNNING', 'CANCELLING'),
  async after({ context, initialState: initial }) {
    if (initial === null || clientRenewsLeases(context.clientVersion)) return;
    const leaseId = initial.state_details.deployment_concurrency_lease_id;
    if (leaseId) await context.repositories.concurrencyLeases.revoke(leaseId);
  },
});
