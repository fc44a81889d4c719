// GlobalFlowPolicy: bookkeeping on every flow run transition, innermost (after the core or
// minimal policy). Prefect's order.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { EnsureFlowRunStateTimestampIsUnique } from '../rules/ensure-flow-run-state-timestamp-is-unique.ts';
import { IncrementFlowRunCount } from '../rules/increment-flow-run-count.ts';
import { RemoveResumingIndicator } from '../rules/remove-resuming-indicator.ts';
import { UpdateSubflowParentTask } from '../rules/update-subflow-parent-task.ts';
import { UpdateSubflowStateDetails } from '../rules/update-subflow-state-details.ts';
import { COMMON_GLOBAL_TRANSFORMS } from './common-global-transforms.ts';

export const GlobalFlowPolicy: Policy<FlowRunContext> = [
  EnsureFlowRunStateTimestampIsUnique,
  ...COMMON_GLOBAL_TRANSFORMS,
  UpdateSubflowParentTask,
  UpdateSubflowStateDetails,
  IncrementFlowRunCount,
  RemoveResumingIndicator,
];
