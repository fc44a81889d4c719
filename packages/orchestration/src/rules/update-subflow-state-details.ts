// UpdateSubflowStateDetails: a subflow's states point at the task run that tracks the
// subflow in its parent flow run.
import type { FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const UpdateSubflowStateDetails = defineTransform<FlowRunContext>({
  name: 'UpdateSubflowStateDetails',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null || context.run.parent_task_run_id === null) return;
    proposed.state_details.task_run_id = context.run.parent_task_run_id;
  },
});
