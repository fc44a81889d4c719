// CoreFlowPolicy: the rules governing flow run transitions by default, in Prefect's order.
import type { FlowRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { InstrumentFlowRunStateTransitions } from '../rules/instrument-flow-run-state-transitions.ts';
import { BypassCancellingFlowRunsWithNoInfra } from '../rules/bypass-cancelling-flow-runs-with-no-infra.ts';
import { CopyScheduledTime } from '../rules/copy-scheduled-time.ts';
import { EnforceCancellingToCancelledTransition } from '../rules/enforce-cancelling-to-cancelled-transition.ts';
import { EnsureOnlyScheduledFlowsMarkedLate } from '../rules/ensure-only-scheduled-flows-marked-late.ts';
import { HandleFlowTerminalStateTransitions } from '../rules/handle-flow-terminal-state-transitions.ts';
import { HandlePausingFlows } from '../rules/handle-pausing-flows.ts';
import { HandleResumingPausedFlows } from '../rules/handle-resuming-paused-flows.ts';
import { PreventDuplicateTransitions } from '../rules/prevent-duplicate-transitions.ts';
import { PreventPendingTransitions } from '../rules/prevent-pending-transitions.ts';
import { PreserveDeploymentConcurrencyLeaseId } from '../rules/preserve-deployment-concurrency-lease-id.ts';
import { ReleaseFlowConcurrencySlots } from '../rules/release-flow-concurrency-slots.ts';
import { RemoveDeploymentConcurrencyLeaseForOldClientVersions } from '../rules/remove-deployment-concurrency-lease-for-old-client-versions.ts';
import { SecureFlowConcurrencySlots } from '../rules/secure-flow-concurrency-slots.ts';
import { ValidateDeploymentConcurrencyAtRunning } from '../rules/validate-deployment-concurrency-at-running.ts';
import { RetryFailedFlows } from '../rules/retry-failed-flows.ts';
import { WaitForScheduledTime } from '../rules/wait-for-scheduled-time.ts';

export const CoreFlowPolicy: Policy<FlowRunContext> = [
  PreserveDeploymentConcurrencyLeaseId,
  PreventDuplicateTransitions,
  HandleFlowTerminalStateTransitions,
  EnforceCancellingToCancelledTransition,
  BypassCancellingFlowRunsWithNoInfra,
  PreventPendingTransitions,
  ValidateDeploymentConcurrencyAtRunning,
  SecureFlowConcurrencySlots,
  RemoveDeploymentConcurrencyLeaseForOldClientVersions,
  EnsureOnlyScheduledFlowsMarkedLate,
  HandlePausingFlows,
  HandleResumingPausedFlows,
  CopyScheduledTime,
  WaitForScheduledTime,
  RetryFailedFlows,
  InstrumentFlowRunStateTransitions,
  ReleaseFlowConcurrencySlots,
];
