// BackgroundTaskPolicy: the rules for deferred (background) task runs, chosen whenever the
// proposed state is marked deferred. Enqueueing them for task workers is not implemented yet.
import type { TaskRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { CacheInsertion } from '../rules/cache-insertion.ts';
import { CacheRetrieval } from '../rules/cache-retrieval.ts';
import { CopyScheduledTime } from '../rules/copy-scheduled-time.ts';
import { CopyTaskParametersID } from '../rules/copy-task-parameters-id.ts';
import { HandleTaskTerminalStateTransitions } from '../rules/handle-task-terminal-state-transitions.ts';
import { PreventPendingTransitions } from '../rules/prevent-pending-transitions.ts';
import { RenameReruns } from '../rules/rename-reruns.ts';
import { RetryFailedTasks } from '../rules/retry-failed-tasks.ts';
import { UpdateFlowRunTrackerOnTasks } from '../rules/update-flow-run-tracker-on-tasks.ts';
import { WaitForScheduledTime } from '../rules/wait-for-scheduled-time.ts';

export const BackgroundTaskPolicy: Policy<TaskRunContext> = [
  PreventPendingTransitions,
  CacheRetrieval,
  HandleTaskTerminalStateTransitions,
  CopyScheduledTime,
  CopyTaskParametersID,
  WaitForScheduledTime,
  RetryFailedTasks,
  RenameReruns,
  UpdateFlowRunTrackerOnTasks,
  CacheInsertion,
  // ReleaseTaskConcurrencySlots, EnqueueScheduledTasks (not yet implemented)
];
