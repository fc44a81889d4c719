// MarkLateRunsPolicy: the rules the late-runs service proposes "Late" states under.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { EnforceDeploymentConcurrencyOnLate } from '../rules/enforce-deployment-concurrency-on-late.ts';
import { InstrumentFlowRunStateTransitions } from '../rules/instrument-flow-run-state-transitions.ts';
import { EnsureOnlyScheduledFlowsMarkedLate } from '../rules/ensure-only-scheduled-flows-marked-late.ts';

export const MarkLateRunsPolicy: Policy<FlowRunContext> = [
  EnsureOnlyScheduledFlowsMarkedLate,
  EnforceDeploymentConcurrencyOnLate,
  InstrumentFlowRunStateTransitions,
];
