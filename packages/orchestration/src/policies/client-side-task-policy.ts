// ClientSideTaskOrchestrationPolicy: CoreTaskPolicy without tag concurrency slots, for
// clients that orchestrate task runs themselves.
import type { TaskRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { CacheInsertion } from '../rules/cache-insertion.ts';
import { CacheRetrieval } from '../rules/cache-retrieval.ts';
import { CopyScheduledTime } from '../rules/copy-scheduled-time.ts';
import { HandleTaskTerminalStateTransitions } from '../rules/handle-task-terminal-state-transitions.ts';
import { PreventRunningTasksFromStoppedFlows } from '../rules/prevent-running-tasks-from-stopped-flows.ts';
import { RenameReruns } from '../rules/rename-reruns.ts';
import { RetryFailedTasks } from '../rules/retry-failed-tasks.ts';
import { UpdateFlowRunTrackerOnTasks } from '../rules/update-flow-run-tracker-on-tasks.ts';
import { WaitForScheduledTime } from '../rules/wait-for-scheduled-time.ts';

export const ClientSideTaskOrchestrationPolicy: Policy<TaskRunContext> = [
  CacheRetrieval,
  HandleTaskTerminalStateTransitions,
  PreventRunningTasksFromStoppedFlows,
  CopyScheduledTime,
  WaitForScheduledTime,
  RetryFailedTasks,
  RenameReruns,
  UpdateFlowRunTrackerOnTasks,
  CacheInsertion,
  // ReleaseTaskConcurrencySlots (not yet implemented)
];
