// EnforceDeploymentConcurrencyOnLate: a run about to be marked Late whose deployment uses
// CANCEL_NEW and has no free slot is cancelled instead, as its PENDING proposal would be;
// otherwise such runs would pile up as Late without ever reaching PENDING.
import type { FlowRunContext } from '../context.ts';
import { concurrencyOptions } from '../deployment-concurrency.ts';
import { defineRule, statesOf } from '../engine.ts';
import { newState } from '../states.ts';

export const EnforceDeploymentConcurrencyOnLate = defineRule<FlowRunContext>({
  name: 'EnforceDeploymentConcurrencyOnLate',
  fromStates: statesOf('SCHEDULED'),
  toStates: statesOf('SCHEDULED'),
  async before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null || proposed.name !== 'Late' || !context.run.deployment_id) return;
    const deployment = await context.repositories.deployments.read(context.run.deployment_id);
    if (deployment === null || deployment.concurrency_limit_id === null) return;
    if (concurrencyOptions(deployment)?.collisionStrategy !== 'CANCEL_NEW') return;
    const limit = deployment.global_concurrency_limit;
    if (limit !== null && limit.active_slots >= limit.limit) {
      entry.reject(
        newState('CANCELLED', { message: 'Deployment concurrency limit reached.' }, context.now()),
        'Deployment concurrency limit is full and uses the CANCEL_NEW strategy.',
      );
    }
  },
});
