// SetRunStateTimestamp: the run's state_timestamp column follows the state being written.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetRunStateTimestamp = defineTransform<RunContext>({
  name: 'SetRunStateTimestamp',
  before(context) {
    if (context.proposedState === null) return;
    context.run.state_timestamp = context.proposedState.timestamp;
  },
});
