// IncrementRunTime: adds the time spent in a RUNNING state to the run's total_run_time
// (seconds) when the run leaves it.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { microsBetween } from '../time.ts';

export const IncrementRunTime = defineTransform<RunContext>({
  name: 'IncrementRunTime',
  before(context) {
    const proposed = context.proposedState;
    const initial = context.initialState;
    if (proposed === null || initial === null || initial.type !== 'RUNNING') return;
    const totalMicros = Math.round(context.run.total_run_time * 1_000_000) + microsBetween(initial.timestamp, proposed.timestamp);
    context.run.total_run_time = totalMicros / 1_000_000;
  },
});
