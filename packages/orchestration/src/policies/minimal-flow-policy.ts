// MinimalFlowPolicy: the rules that still apply to forced flow run transitions.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { InstrumentFlowRunStateTransitions } from '../rules/instrument-flow-run-state-transitions.ts';
import { BypassCancellingFlowRunsWithNoInfra } from '../rules/bypass-cancelling-flow-runs-with-no-infra.ts';
import { PreventResultDataLoss } from '../rules/prevent-result-data-loss.ts';

export const MinimalFlowPolicy: Policy<FlowRunContext> = [
  // PreserveDeploymentConcurrencyLeaseId (not yet implemented)
  PreventResultDataLoss,
  // Cancels scheduled or suspended runs from the UI.
  BypassCancellingFlowRunsWithNoInfra,
  InstrumentFlowRunStateTransitions,
  // ReleaseFlowConcurrencySlots (not yet implemented)
];
