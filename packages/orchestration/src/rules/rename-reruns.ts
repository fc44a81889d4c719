// RenameReruns: a run entering RUNNING again is named "Rerunning", or "Retrying" when it
// comes from an AwaitingRetry state.
import type { RunContext } from '../context.ts';
import { ALL_ORCHESTRATION_STATES, defineRule, statesOf } from '../engine.ts';

export const RenameReruns = defineRule<RunContext>({
  name: 'RenameReruns',
  fromStates: ALL_ORCHESTRATION_STATES,
  toStates: statesOf('RUNNING'),
  before(entry) {
    const { initialState: initial, proposedState: proposed, context } = entry;
    if (initial === null || proposed === null) return;
    if (context.run.run_count > 0) entry.rename(initial.name === 'AwaitingRetry' ? 'Retrying' : 'Rerunning');
  },
});
