// IncrementTaskRunCount: counts a task run's entries into RUNNING (for retries).
import type { TaskRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const IncrementTaskRunCount = defineTransform<TaskRunContext>({
  name: 'IncrementTaskRunCount',
  before(context) {
    if (context.proposedState?.type === 'RUNNING') context.run.run_count += 1;
  },
});
