// Public surface of the orchestration package: proposing flow and task run states, the
// result shapes, and the engine, rules and policies for those who compose their own.
export { setFlowRunState, orchestrateFlowRunState, orchestrateHeldFlowRun, resolveFlowOptions, type FlowOrchestrationOptions, type FlowPolicyName } from './flow-orchestration.ts';
export { setTaskRunState, orchestrateTaskRunState, orchestrateHeldTaskRun, resolveTaskOptions, type TaskOrchestrationOptions, type TaskPolicyName } from './task-orchestration.ts';
export { DEFAULT_SETTINGS } from './context.ts';
export { deploymentRunLabels, deploymentRunQueueName } from './deployment-runs.ts';
export type {
  FlowRunContext,
  OrchestrationSettings,
  OrchestrationResult,
  OrchestrationStatus,
  ResponseDetails,
  RunContext,
  TaskRunContext,
} from './context.ts';
export { defaultStateName, type ProposedState, type State, type StateDetails } from './states.ts';
export { StateValidationError } from './validation.ts';
export { heldUntilCommit, type OrchestratedTransition, type TransitionObserver } from './observe.ts';
export {
  ALL_ORCHESTRATION_STATES,
  TERMINAL_STATES,
  defineRule,
  defineTransform,
  orchestrate,
  OrchestrationError,
  type OrchestrationRule,
  type Policy,
  type UniversalTransform,
} from './engine.ts';
export { CoreFlowPolicy } from './policies/core-flow-policy.ts';
export { MinimalFlowPolicy } from './policies/minimal-flow-policy.ts';
export { MarkLateRunsPolicy } from './policies/mark-late-runs-policy.ts';
export { GlobalFlowPolicy } from './policies/global-flow-policy.ts';
export { CoreTaskPolicy } from './policies/core-task-policy.ts';
export { ClientSideTaskOrchestrationPolicy } from './policies/client-side-task-policy.ts';
export { BackgroundTaskPolicy } from './policies/background-task-policy.ts';
export { MinimalTaskPolicy } from './policies/minimal-task-policy.ts';
export { GlobalTaskPolicy } from './policies/global-task-policy.ts';
