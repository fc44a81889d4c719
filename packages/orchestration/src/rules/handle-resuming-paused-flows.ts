// HandleResumingPausedFlows: a PAUSED flow run may only go to RUNNING, SCHEDULED,
// CANCELLING or a terminal state, fails once its pause has timed out, and is then marked
// resuming (or, leaving a blocking pause for SCHEDULED, starts a fresh attempt).
import { apiVersionAtLeast, type FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';
import { updateFlowRunPolicy } from '../run-policy.ts';
import { isFinal, newState } from '../states.ts';
import { isBefore } from '../time.ts';

export const HandleResumingPausedFlows = defineRule<FlowRunContext>({
  name: 'HandleResumingPausedFlows',
  fromStates: statesOf('PAUSED'),
  toStates: ALL_ORCHESTRATION_STATES,
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const allowed = proposed.type === 'RUNNING' || proposed.type === 'SCHEDULED' || proposed.type === 'CANCELLING' || isFinal(proposed);
    if (!allowed) {
      // Prefect formats the enum members here, hence "StateType.PENDING".
      entry.reject(null, `This run cannot transition to the StateType.${proposed.type} state from the StateType.${initial.type} state.`);
      return;
    }
    const verb = proposed.name === 'Suspended' ? 'suspend' : 'pause';
    const displayName = proposed.name ? proposed.name.toLowerCase() : proposed.type.toLowerCase();
    if (initial.state_details.pause_reschedule && !context.run.deployment_id) {
      entry.reject(null, `Cannot reschedule a ${displayName} flow run without a deployment.`);
      return;
    }
    // A blocking pause keeps its process alive: cancellation reaches it even past the deadline.
    if (proposed.type === 'CANCELLING') return;
    const timeout = initial.state_details.pause_timeout;
    if (timeout && isBefore(timeout, context.now())) {
      entry.reject(
        newState('FAILED', { message: `The flow was ${displayName} and never resumed.` }, context.now()),
        `The flow run ${verb} has timed out and can no longer resume.`,
      );
    }
  },
  after({ context, initialState: initial, validatedState: validated }) {
    const freshAttempt =
      initial !== null && !initial.state_details.pause_reschedule && validated?.type === 'SCHEDULED' && apiVersionAtLeast(context, '0.8.4');
    // Leaving a blocking pause for SCHEDULED restarts the run from the top, so its pauses
    // must fire again; reschedule-style pauses keep their keys.
    context.run.empirical_policy = updateFlowRunPolicy(
      context.run.empirical_policy,
      freshAttempt ? { resuming: false, pause_keys: [], retry_type: 'reschedule' } : { resuming: true },
    );
  },
});
