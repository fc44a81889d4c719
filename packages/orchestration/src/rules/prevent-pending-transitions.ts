// PreventPendingTransitions: only one submitter wins a run. PENDING is refused from
// PENDING, RUNNING, CANCELLING and CANCELLED, except a rename to a named PENDING sub-state.
import type { RunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';

export const PreventPendingTransitions = defineRule<RunContext>({
  name: 'PreventPendingTransitions',
  fromStates: statesOf('PENDING', 'CANCELLING', 'RUNNING', 'CANCELLED'),
  toStates: statesOf('PENDING'),
  before(entry) {
    const { initialState: initial, proposedState: proposed } = entry;
    if (initial === null || proposed === null) return;
    const namedSubState =
      initial.type === 'PENDING' && proposed.type === 'PENDING' && initial.name !== proposed.name && proposed.name !== 'Pending';
    if (namedSubState) {
      // Details set by rules on the first PENDING state carry forward.
      proposed.state_details.scheduled_time = initial.state_details.scheduled_time;
      proposed.state_details.deployment_concurrency_lease_id = initial.state_details.deployment_concurrency_lease_id;
      return;
    }
    entry.abort(`This run is in a ${initial.type} state and cannot transition to a PENDING state.`);
  },
});
