// RetryFailedFlows: a failing flow run with retries left is told to await a retry (in
// process) after its retry delay; pause bookkeeping resets for the new attempt.
import type { JsonObject } from '@prefect-server-ts/storage';
import { apiVersionAtLeast, apiVersionBelow, type FlowRunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';
import { readFlowRunPolicy, updateFlowRunPolicy } from '../run-policy.ts';
import { awaitingRetry } from '../states.ts';
import { orchestrateTaskRunState, resolveTaskOptions } from '../task-orchestration.ts';
import { addSeconds } from '../time.ts';

/** Clients older than API 0.8.3 retry flows by resetting each failed task run too. */
async function retryFailedTaskRuns(context: FlowRunContext, scheduledTime: string): Promise<void> {
  const failed = await context.repositories.taskRuns.list({
    flow_runs: { id: { any_: [context.run.id] } },
    task_runs: { state: { type: { any_: ['FAILED'] } } },
  });
  for (const taskRun of failed) {
    const state = awaitingRetry(scheduledTime, {}, context.now());
    const options = { ...resolveTaskOptions(state, { force: true, now: context.now, parameters: context.parameters }), resetRunCount: true };
    await orchestrateTaskRunState(context.repositories, taskRun.id, state, options);
  }
}

export const RetryFailedFlows = defineRule<FlowRunContext>({
  name: 'RetryFailedFlows',
  fromStates: statesOf('RUNNING'),
  toStates: statesOf('FAILED'),
  async before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const run = context.run;
    const policy = readFlowRunPolicy(run.empirical_policy);
    if (policy.retries === null || run.run_count > policy.retries) {
      // Out of retries: the run fails, and may later be retried by infrastructure (the UI).
      run.empirical_policy = updateFlowRunPolicy(run.empirical_policy, { retry_type: null });
      return;
    }
    const scheduledTime = addSeconds(context.now(), policy.retry_delay || 0);
    if (apiVersionBelow(context, '0.8.3')) await retryFailedTaskRuns(context, scheduledTime);
    // Pauses exist from API 0.8.4: a new attempt pauses afresh.
    if (apiVersionAtLeast(context, '0.8.4')) {
      run.empirical_policy = updateFlowRunPolicy(run.empirical_policy, { resuming: false, pause_keys: [], retry_type: 'in_process' });
    }
    // The deployment concurrency lease travels with the in-process retry.
    const details: JsonObject = { deployment_concurrency_lease_id: initial.state_details.deployment_concurrency_lease_id };
    const retry = awaitingRetry(scheduledTime, { message: proposed.message, data: proposed.data, state_details: details }, context.now());
    entry.reject(retry, 'Retrying');
  },
});
