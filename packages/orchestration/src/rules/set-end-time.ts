// SetEndTime: records when a run enters a terminal state (and its start time, if it never
// ran); clears the end time when a run is forced out of a terminal state.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { isFinal } from '../states.ts';

export const SetEndTime = defineTransform<RunContext>({
  name: 'SetEndTime',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null) return;
    const run = context.run;
    if (context.initialState && isFinal(context.initialState) && !isFinal(proposed)) run.end_time = null;
    if (isFinal(proposed) && !run.end_time) {
      if (!run.start_time) run.start_time = proposed.timestamp;
      run.end_time = proposed.timestamp;
    }
  },
});
