// EnforceCancellingToCancelledTransition: a CANCELLING run may only become CANCELLED.
import type { RunContext } from '../context.ts';
import { allStatesExcept, defineRule, statesOf } from '../engine.ts';

export const EnforceCancellingToCancelledTransition = defineRule<RunContext>({
  name: 'EnforceCancellingToCancelledTransition',
  fromStates: statesOf('CANCELLING'),
  toStates: allStatesExcept('CANCELLED'),
  before(entry) {
    entry.reject(null, 'Cannot transition flows that are cancelling to a state other than Cancelled.');
  },
});
