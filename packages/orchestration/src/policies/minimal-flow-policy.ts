// MinimalFlowPolicy: the rules that still apply to forced flow run transitions.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { InstrumentFlowRunStateTransitions } from '../rules/instrument-flow-run-state-transitions.ts';
import { BypassCancellingFlowRunsWithNoInfra } from '../rules/bypass-cancelling-flow-runs-with-no-infra.ts';
import { PreserveDeploymentConcurrencyLeaseId } from '../rules/preserve-deployment-concurrency-lease-id.ts';
import { PreventResultDataLoss } from '../rules/prevent-result-data-loss.ts';
import { ReleaseFlowConcurrencySlots } from '../rules/release-flow-concurrency-slots.ts';

export const MinimalFlowPolicy: Policy<FlowRunContext> = [
  PreserveDeploymentConcurrencyLeaseId,
  PreventResultDataLoss,
  // Cancels scheduled or suspended runs from the UI.
  BypassCancellingFlowRunsWithNoInfra,
  InstrumentFlowRunStateTransitions,
  ReleaseFlowConcurrencySlots,
];
