// SetExpectedStartTime: a run without an expected start time takes its first state's
// scheduled time (SCHEDULED) or timestamp (any other state).
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetExpectedStartTime = defineTransform<RunContext>({
  name: 'SetExpectedStartTime',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null || context.run.expected_start_time) return;
    context.run.expected_start_time = proposed.type === 'SCHEDULED' ? proposed.state_details.scheduled_time : proposed.timestamp;
  },
});
