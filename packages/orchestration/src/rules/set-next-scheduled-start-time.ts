// SetNextScheduledStartTime: next_scheduled_start_time holds the scheduled time while a run
// is SCHEDULED, and is cleared when it leaves that state.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetNextScheduledStartTime = defineTransform<RunContext>({
  name: 'SetNextScheduledStartTime',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null) return;
    if (context.initialState?.type === 'SCHEDULED') context.run.next_scheduled_start_time = null;
    if (proposed.type === 'SCHEDULED') context.run.next_scheduled_start_time = proposed.state_details.scheduled_time;
  },
});
