// PreventDuplicateTransitions: a proposal carrying the transition_id of the run's current
// state is a client retry of a transition already made; the current state is returned.
import type { FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule } from '../engine.ts';

export const PreventDuplicateTransitions = defineRule<FlowRunContext>({
  name: 'PreventDuplicateTransitions',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: ALL_ORCHESTRATION_STATES,
  before(entry) {
    const initialId = entry.initialState?.state_details.transition_id;
    const proposedId = entry.proposedState?.state_details.transition_id;
    if (initialId == null || proposedId == null) return;
    if (initialId.toLowerCase() === proposedId.toLowerCase()) {
      entry.reject(null, 'This run has already made this state transition.');
    }
  },
});
