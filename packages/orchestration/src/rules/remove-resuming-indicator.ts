// RemoveResumingIndicator: a flow run that reaches RUNNING or a terminal state is no longer
// resuming from a pause.
import { apiVersionAtLeast, type FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { readFlowRunPolicy, updateFlowRunPolicy } from '../run-policy.ts';
import { isFinal } from '../states.ts';

export const RemoveResumingIndicator = defineTransform<FlowRunContext>({
  name: 'RemoveResumingIndicator',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null || !apiVersionAtLeast(context, '0.8.4')) return;
    if (proposed.type !== 'RUNNING' && !isFinal(proposed)) return;
    if (readFlowRunPolicy(context.run.empirical_policy).resuming) {
      context.run.empirical_policy = updateFlowRunPolicy(context.run.empirical_policy, { resuming: false });
    }
  },
});
