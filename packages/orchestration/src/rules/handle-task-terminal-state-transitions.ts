// HandleTaskTerminalStateTransitions: task runs leave terminal states only when allowed
// (never to CANCELLING/PAUSED/CRASHED, never from a persisted COMPLETED result); leaving
// resets the run count (and so the retries), and a flow run retry renames RUNNING "Retrying".
import type { TaskRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, TERMINAL_STATES } from '../engine.ts';
import { hasPersistedResult, isFinal, truthy } from '../states.ts';

export const HandleTaskTerminalStateTransitions = defineRule<TaskRunContext, { originalRunCount: number }>({
  name: 'HandleTaskTerminalStateTransitions',
  fromStates: TERMINAL_STATES,
  toStates: ALL_ORCHESTRATION_STATES,
  async before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    const memo = { originalRunCount: context.run.run_count };

    if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') {
      entry.abort(`Run is already ${initial.type}.`);
      return memo;
    }
    if (initial.type === 'COMPLETED' && truthy(initial.data) && hasPersistedResult(initial.data)) {
      entry.reject(null, 'This run is already completed.');
      return memo;
    }
    if (!isFinal(proposed)) context.run.run_count = 0;

    if (proposed.type === 'RUNNING' && context.run.flow_run_id !== null) {
      const flowRun = await context.flowRun();
      if (flowRun !== null && context.run.flow_run_run_count < flowRun.run_count) entry.rename('Retrying');
    }
    return memo;
  },
  cleanup({ context }, memo) {
    if (memo) context.run.run_count = memo.originalRunCount;
  },
});
