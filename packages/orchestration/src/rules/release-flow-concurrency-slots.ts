// ReleaseFlowConcurrencySlots: a deployment run leaving PENDING, RUNNING or CANCELLING for
// any other state gives its deployment concurrency slot back (revoking its lease), except
// when it is told to retry in process: the engine keeps its lease across the retry delay.
import type { StateType } from '@prefect-server-ts/storage';
import type { FlowRunContext } from '../context.ts';
import { giveBackSlots, releaseLease } from '../deployment-concurrency.ts';
import { defineTransform } from '../engine.ts';

const HOLDING: ReadonlySet<StateType | null> = new Set<StateType | null>(['PENDING', 'RUNNING', 'CANCELLING']);

export const ReleaseFlowConcurrencySlots = defineTransform<FlowRunContext>({
  name: 'ReleaseFlowConcurrencySlots',
  async after(context) {
    const { initialState: initial, proposedState: proposed } = context;
    if (proposed === null || !HOLDING.has(initial?.type ?? null) || HOLDING.has(proposed.type)) return;
    const retryingInProcess = proposed.type === 'SCHEDULED' && proposed.name === 'AwaitingRetry' && context.responseStatus === 'REJECT';
    if (retryingInProcess || !context.run.deployment_id) return;

    const deployment = await context.repositories.deployments.read(context.run.deployment_id);
    const limitIds = deployment?.concurrency_limit_id ? [deployment.concurrency_limit_id] : [];
    const leaseId = initial?.state_details.deployment_concurrency_lease_id;
    if (leaseId) {
      await releaseLease(context, leaseId, limitIds);
      return;
    }
    await giveBackSlots(context, limitIds, 1);
  },
});
