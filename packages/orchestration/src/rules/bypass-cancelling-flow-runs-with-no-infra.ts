// BypassCancellingFlowRunsWithNoInfra: cancelling a run with no infrastructure to tear down
// (scheduled with no process id, resuming, or suspended) goes straight to CANCELLED.
import type { FlowRunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';
import { newState } from '../states.ts';

export const BypassCancellingFlowRunsWithNoInfra = defineRule<FlowRunContext>({
  name: 'BypassCancellingFlowRunsWithNoInfra',
  fromStates: statesOf('SCHEDULED', 'PAUSED'),
  toStates: statesOf('CANCELLING'),
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    if ((initial.type === 'SCHEDULED' && !context.run.infrastructure_pid) || initial.name === 'Resuming') {
      entry.reject(newState('CANCELLED', {}, context.now()), 'Scheduled flow run has no infrastructure to terminate.');
    } else if (initial.type === 'PAUSED' && initial.state_details.pause_reschedule) {
      entry.reject(newState('CANCELLED', {}, context.now()), 'Suspended flow run has no infrastructure to terminate.');
    }
  },
});
