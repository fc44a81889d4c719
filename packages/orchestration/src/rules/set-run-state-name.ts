// SetRunStateName: the run's state_name column follows the state being written.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const SetRunStateName = defineTransform<RunContext>({
  name: 'SetRunStateName',
  before(context) {
    if (context.proposedState === null) return;
    context.run.state_name = context.proposedState.name;
  },
});
