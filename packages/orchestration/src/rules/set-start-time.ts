// SetStartTime: records when a run first enters RUNNING.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetStartTime = defineTransform<RunContext>({
  name: 'SetStartTime',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null) return;
    if (proposed.type === 'RUNNING' && context.run.start_time === null) context.run.start_time = proposed.timestamp;
  },
});
