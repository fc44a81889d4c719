// PreventResultDataLoss: a COMPLETED flow run carrying persisted result data cannot be
// overwritten by a COMPLETED state without one (kept even in the minimal, forced policy).
import type { FlowRunContext } from '../context.ts';
import { defineRule, TERMINAL_STATES } from '../engine.ts';
import { hasPersistedResult, truthy } from '../states.ts';

export const PreventResultDataLoss = defineRule<FlowRunContext>({
  name: 'PreventResultDataLoss',
  fromStates: TERMINAL_STATES,
  toStates: TERMINAL_STATES,
  before(entry) {
    const { initialState: initial, proposedState: proposed } = entry;
    if (initial === null || proposed === null) return;
    if (
      initial.type === 'COMPLETED' &&
      proposed.type === 'COMPLETED' &&
      truthy(initial.data) &&
      hasPersistedResult(initial.data) &&
      !hasPersistedResult(proposed.data)
    ) {
      entry.reject(null, 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
    }
  },
});
