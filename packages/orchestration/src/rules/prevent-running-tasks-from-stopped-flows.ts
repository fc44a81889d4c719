// PreventRunningTasksFromStoppedFlows: a task run may only start RUNNING while its flow run
// is RUNNING; tasks of a paused flow run are told to pause ("NotReady") with it.
import type { TaskRunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';
import { newState, stateDetails } from '../states.ts';

const MUST_BE_RUNNING = 'The enclosing flow must be running to begin task execution.';

export const PreventRunningTasksFromStoppedFlows = defineRule<TaskRunContext>({
  name: 'PreventRunningTasksFromStoppedFlows',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('RUNNING'),
  async before(entry) {
    const context = entry.context;
    const flowRun = await context.flowRun();
    if (flowRun === null) return;
    const flowState = flowRun.state;
    if (flowState === null) {
      entry.abort(MUST_BE_RUNNING);
    } else if (flowState.type === 'PAUSED') {
      // The flow run's pause details (its timeout, whether it reschedules) carry over.
      const pause = stateDetails(flowState.state_details);
      const paused = newState(
        'PAUSED',
        { name: 'NotReady', state_details: { pause_timeout: pause.pause_timeout, pause_reschedule: pause.pause_reschedule } },
        context.now(),
      );
      entry.reject(paused, `The flow is paused, new tasks can execute after resuming flow run: ${flowRun.id}.`);
    } else if (flowState.type !== 'RUNNING') {
      entry.abort(MUST_BE_RUNNING);
    }
  },
});
