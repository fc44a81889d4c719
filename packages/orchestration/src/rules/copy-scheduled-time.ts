// CopyScheduledTime: a PENDING state keeps the scheduled time of the SCHEDULED state it
// follows, unless it proposes its own.
import type { RunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';

export const CopyScheduledTime = defineRule<RunContext>({
  name: 'CopyScheduledTime',
  fromStates: statesOf('SCHEDULED'),
  toStates: statesOf('PENDING'),
  before({ initialState: initial, proposedState: proposed }) {
    if (initial === null || proposed === null) return;
    if (!proposed.state_details.scheduled_time) proposed.state_details.scheduled_time = initial.state_details.scheduled_time;
  },
});
