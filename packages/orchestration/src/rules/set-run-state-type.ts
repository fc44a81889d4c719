// SetRunStateType: the run's state_type column follows the state being written.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetRunStateType = defineTransform<RunContext>({
  name: 'SetRunStateType',
  before(context) {
    if (context.proposedState === null) return;
    context.run.state_type = context.proposedState.type;
  },
});
