// HandleFlowTerminalStateTransitions: flow runs leave terminal states only when allowed
// (never to CANCELLING/PAUSED/CRASHED, never from a persisted COMPLETED result, never to
// SCHEDULED without a deployment); leaving resets the pause bookkeeping.
import { apiVersionAtLeast, type FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, TERMINAL_STATES } from '../engine.ts';
import { updateFlowRunPolicy } from '../run-policy.ts';
import { hasPersistedResult, isFinal, truthy } from '../states.ts';
import type { JsonObject } from '@prefect-server-ts/storage';

export const HandleFlowTerminalStateTransitions = defineRule<FlowRunContext, { originalPolicy: JsonObject }>({
  name: 'HandleFlowTerminalStateTransitions',
  fromStates: TERMINAL_STATES,
  toStates: ALL_ORCHESTRATION_STATES,
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const memo = { originalPolicy: structuredClone(context.run.empirical_policy) };

    if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') {
      entry.abort(`Run is already in terminal state ${initial.type}.`);
      return memo;
    }
    const persistedCompletion = initial.type === 'COMPLETED' && truthy(initial.data) && hasPersistedResult(initial.data);
    if (persistedCompletion && !isFinal(proposed)) {
      entry.reject(null, 'Run is already COMPLETED.');
      return memo;
    }
    if (persistedCompletion && proposed.type === 'COMPLETED' && !hasPersistedResult(proposed.data)) {
      entry.reject(null, 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
      return memo;
    }
    if (proposed.type === 'SCHEDULED' && !context.run.deployment_id) {
      entry.abort('Cannot reschedule a run without an associated deployment.');
      return memo;
    }
    if (!isFinal(proposed) && apiVersionAtLeast(context, '0.8.4')) {
      context.run.empirical_policy = updateFlowRunPolicy(context.run.empirical_policy, {
        resuming: false,
        pause_keys: [],
        retry_type: proposed.type === 'SCHEDULED' ? 'reschedule' : null,
      });
    }
    return memo;
  },
  cleanup({ context }, memo) {
    if (memo) context.run.empirical_policy = memo.originalPolicy;
  },
});
