// UpdateSubflowParentTask: whenever a subflow run changes state, the task run tracking it
// in the parent flow run is forced into a fresh copy of that state.
import type { FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { freshCopy } from '../states.ts';
import { orchestrateTaskRunState, resolveTaskOptions } from '../task-orchestration.ts';

export const UpdateSubflowParentTask = defineTransform<FlowRunContext>({
  name: 'UpdateSubflowParentTask',
  async after(context) {
    const parentTaskRunId = context.run.parent_task_run_id;
    const validated = context.validatedState;
    if (context.proposedState === null || parentTaskRunId === null || validated === null) return;
    const state = freshCopy(validated, context.now());
    state.state_details.child_flow_run_id = context.run.id;
    const options = resolveTaskOptions(state, { force: true, now: context.now });
    // Prefect raises when the parent task run is gone; the port's foreign key nulls
    // parent_task_run_id instead, so a missing row is simply skipped.
    await orchestrateTaskRunState(context.repositories, parentTaskRunId, state, options);
  },
});
