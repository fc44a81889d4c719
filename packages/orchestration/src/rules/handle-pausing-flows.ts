// HandlePausingFlows: only a RUNNING flow run may pause (or suspend), once per pause key;
// suspending needs a deployment and a top-level run. Fired pause keys are recorded.
import { randomUUID } from 'node:crypto';
import type { FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';
import { readFlowRunPolicy, updateFlowRunPolicy } from '../run-policy.ts';

export const HandlePausingFlows = defineRule<FlowRunContext, { key: string }>({
  name: 'HandlePausingFlows',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('PAUSED'),
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (proposed === null) return;
    const verb = proposed.name === 'Suspended' ? 'suspend' : 'pause';
    if (initial === null) {
      entry.abort(`Cannot ${verb} flows with no state.`);
      return;
    }
    if (initial.type !== 'RUNNING') {
      entry.reject(null, `Cannot ${verb} flows that are not currently running.`);
      return;
    }
    // Without a pause key, every pause is a new one.
    const key = proposed.state_details.pause_key ?? randomUUID();
    if ((readFlowRunPolicy(context.run.empirical_policy).pause_keys ?? []).includes(key)) {
      entry.reject(null, `This ${verb} has already fired.`);
      return { key };
    }
    if (proposed.state_details.pause_reschedule) {
      if (context.run.parent_task_run_id) entry.abort(`Cannot ${verb} subflows.`);
      else if (context.run.deployment_id === null) entry.abort(`Cannot ${verb} flows without a deployment.`);
    }
    return { key };
  },
  after({ context }, memo) {
    if (memo === undefined) return;
    const policy = readFlowRunPolicy(context.run.empirical_policy);
    context.run.empirical_policy = updateFlowRunPolicy(context.run.empirical_policy, { pause_keys: [...(policy.pause_keys ?? []), memo.key] });
    // Prefect also deletes flow run inputs stored under the validated state's
    // run_input_keyset here; the storage port has no flow run input repository yet.
  },
});
