// UpdateStateDetails: a state's details name the flow run (and task run) it belongs to.
import type { RunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';

export const UpdateStateDetails = defineTransform<RunContext>({
  name: 'UpdateStateDetails',
  before(context) {
    const proposed = context.proposedState;
    if (proposed === null) return;
    if (context.kind === 'flow') {
      proposed.state_details.flow_run_id = context.run.id;
    } else {
      proposed.state_details.flow_run_id = context.run.flow_run_id;
      proposed.state_details.task_run_id = context.run.id;
    }
  },
});
