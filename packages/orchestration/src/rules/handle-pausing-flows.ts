// HandlePausingFlows: only a RUNNING flow run may pause (or suspend), once per pause key;
// suspending needs a deployment and a top-level run. Fired pause keys are recorded, and
// inputs left under the pause's run input keyset are dropped.
import { randomUUID } from 'node:crypto';
import type { FlowRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';
import { readFlowRunPolicy, updateFlowRunPolicy } from '../run-policy.ts';

function inputKeys(keyset: unknown): string[] {
  if (typeof keyset !== 'object' || keyset === null) return [];
  return Object.values(keyset).filter((key): key is string => typeof key === 'string');
}

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
  async after({ context, validatedState }, memo) {
    if (memo === undefined) return;
    const policy = readFlowRunPolicy(context.run.empirical_policy);
    context.run.empirical_policy = updateFlowRunPolicy(context.run.empirical_policy, { pause_keys: [...(policy.pause_keys ?? []), memo.key] });
    // This pause key has not fired before on this attempt: whatever is stored under its
    // keyset (a schema, a response) belongs to an earlier attempt and must not be reused.
    for (const key of inputKeys(validatedState?.state_details['run_input_keyset'])) {
      await context.repositories.flowRunInputs.delete(context.run.id, key);
    }
  },
});
