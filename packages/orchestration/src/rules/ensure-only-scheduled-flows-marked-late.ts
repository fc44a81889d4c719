// EnsureOnlyScheduledFlowsMarkedLate: "Late" is a SCHEDULED state only a SCHEDULED run that
// is not already late can enter.
import type { FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';

export const EnsureOnlyScheduledFlowsMarkedLate = defineRule<FlowRunContext>({
  name: 'EnsureOnlyScheduledFlowsMarkedLate',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('SCHEDULED'),
  before(entry) {
    const { initialState: initial, proposedState: proposed } = entry;
    if (initial === null || proposed === null) return;
    if (proposed.type !== 'SCHEDULED' || proposed.name !== 'Late') return;
    if (initial.type !== 'SCHEDULED') entry.reject(null, 'Only scheduled flows can be marked late.');
    else if (initial.name === 'Late') entry.reject(null, 'This flow run is already marked late.');
  },
});
