// EnsureFlowRunStateTimestampIsUnique: states of one flow run never share a timestamp (a
// unique index); a colliding proposal moves to the first free microsecond after it.
import type { FlowRunContext } from '../context.ts';
import { defineTransform } from '../engine.ts';
import { fromMicros, toMicros } from '../time.ts';

export const EnsureFlowRunStateTimestampIsUnique = defineTransform<FlowRunContext>({
  name: 'EnsureFlowRunStateTimestampIsUnique',
  async before(context) {
    const proposed = context.proposedState;
    // A run gets its current state with its first state row, so without one it has none.
    if (proposed === null || context.initialState === null) return;
    const taken = new Set((await context.repositories.flowRuns.readStates(context.run.id)).map((state) => toMicros(state.timestamp)));
    let candidate = toMicros(proposed.timestamp);
    while (taken.has(candidate)) candidate += 1;
    proposed.timestamp = fromMicros(candidate);
  },
});
