// MarkLateRunsPolicy: the rules the late-runs service proposes "Late" states under.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { EnsureOnlyScheduledFlowsMarkedLate } from '../rules/ensure-only-scheduled-flows-marked-late.ts';

export const MarkLateRunsPolicy: Policy<FlowRunContext> = [
  EnsureOnlyScheduledFlowsMarkedLate,
  // EnforceDeploymentConcurrencyOnLate, InstrumentFlowRunStateTransitions (not yet implemented)
];
