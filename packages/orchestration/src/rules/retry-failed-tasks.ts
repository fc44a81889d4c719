// RetryFailedTasks: a failing task run with retries left (and not marked unretriable) is
// told to await a retry after its configured delay, with optional jitter.
import type { TaskRunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';
import { clampedPoissonInterval } from '../math.ts';
import { readTaskRunPolicy } from '../run-policy.ts';
import { awaitingRetry } from '../states.ts';
import { addSeconds } from '../time.ts';

export const RetryFailedTasks = defineRule<TaskRunContext>({
  name: 'RetryFailedTasks',
  fromStates: statesOf('RUNNING'),
  toStates: statesOf('FAILED'),
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const policy = readTaskRunPolicy(context.run.empirical_policy);
    const runCount = context.run.run_count;
    const configured = policy.retry_delay;
    // A list gives one delay per attempt, its last entry repeating.
    const baseDelay = Array.isArray(configured) ? (configured.at(Math.min(runCount - 1, configured.length - 1)) ?? 0) : (configured ?? 0);
    const delay = policy.retry_jitter_factor && baseDelay > 0 ? clampedPoissonInterval(baseDelay, policy.retry_jitter_factor) : baseDelay;

    // Set by the user's retry_condition_fn.
    if (proposed.state_details.retriable === false) return;
    if (policy.retries !== null && runCount <= policy.retries) {
      const now = context.now();
      entry.reject(awaitingRetry(addSeconds(now, delay), { message: proposed.message, data: proposed.data }, now), 'Retrying');
    }
  },
});
