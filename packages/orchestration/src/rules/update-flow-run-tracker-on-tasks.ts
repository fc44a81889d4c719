// UpdateFlowRunTrackerOnTasks: a task run entering RUNNING records which attempt of its
// flow run it belongs to (flow_run_run_count).
import type { TaskRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';

export const UpdateFlowRunTrackerOnTasks = defineRule<TaskRunContext>({
  name: 'UpdateFlowRunTrackerOnTasks',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('RUNNING'),
  async after({ context }) {
    if (context.run.flow_run_id === null) return;
    const flowRun = await context.flowRun();
    if (flowRun === null) {
      throw new Error(`Unable to read flow run associated with task run: ${context.run.id}, this flow run might have been deleted`);
    }
    context.run.flow_run_run_count = flowRun.run_count;
  },
});
