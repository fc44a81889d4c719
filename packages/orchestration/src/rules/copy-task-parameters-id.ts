// CopyTaskParametersID: a background task run's parameters id carries from SCHEDULED to
// PENDING to RUNNING, unless the proposal brings its own.
import type { TaskRunContext } from '../context.ts';
import { defineRule, statesOf } from '../engine.ts';

export const CopyTaskParametersID = defineRule<TaskRunContext>({
  name: 'CopyTaskParametersID',
  fromStates: statesOf('SCHEDULED', 'PENDING'),
  toStates: statesOf('PENDING', 'RUNNING'),
  before({ initialState: initial, proposedState: proposed }) {
    if (initial === null || proposed === null) return;
    if (!proposed.state_details.task_parameters_id) proposed.state_details.task_parameters_id = initial.state_details.task_parameters_id;
  },
});
