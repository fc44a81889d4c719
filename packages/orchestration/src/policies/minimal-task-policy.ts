// MinimalTaskPolicy: the rules that still apply to forced task run transitions. Prefect's
// only member releases tag concurrency slots, not implemented yet: it is empty for now.
import type { TaskRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';

export const MinimalTaskPolicy: Policy<TaskRunContext> = [
  // ReleaseTaskConcurrencySlots (not yet implemented)
];
