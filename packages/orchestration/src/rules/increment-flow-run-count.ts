// IncrementFlowRunCount: counts a flow run's entries into RUNNING (for retries), except
// when it is resuming from a pause (for clients of API 0.8.4 and later).
import { apiVersionAtLeast, type FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { readFlowRunPolicy } from '../run-policy.ts';

export const IncrementFlowRunCount = defineTransform<FlowRunContext>({
  name: 'IncrementFlowRunCount',
  before(context) {
    if (context.proposedState?.type !== 'RUNNING') return;
    if (apiVersionAtLeast(context, '0.8.4') && readFlowRunPolicy(context.run.empirical_policy).resuming) return;
    context.run.run_count += 1;
  },
});
