// PreserveDeploymentConcurrencyLeaseId: the run's deployment concurrency lease travels from
// state to state. Workers propose states with the lease id explicitly null (the Submitting
// PENDING state, for one), which would otherwise drop it.
import type { FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const PreserveDeploymentConcurrencyLeaseId = defineTransform<FlowRunContext>({
  name: 'PreserveDeploymentConcurrencyLeaseId',
  before(context) {
    const { initialState: initial, proposedState: proposed } = context;
    if (initial === null || proposed === null) return;
    const leaseId = initial.state_details.deployment_concurrency_lease_id;
    if (leaseId !== null && proposed.state_details.deployment_concurrency_lease_id === null) {
      proposed.state_details.deployment_concurrency_lease_id = leaseId;
    }
  },
});
