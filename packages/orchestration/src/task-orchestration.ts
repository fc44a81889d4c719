// Orchestrating one task run state proposal: lock and read the run, govern the proposal
// with the chosen policy and the global transforms, write it, persist what hooks changed.
import { type Database, type Repositories, type TaskRunRecord, type TaskRunUpdate, type Timestamp } from '@prefect-server-ts/storage';
import { DEFAULT_SETTINGS, freshContext, type OrchestrationResult, type OrchestrationSettings, type TaskRunContext, type TaskRunDraft } from './context.ts';
import { orchestrate, type Policy } from './engine.ts';
import { heldUntilCommit, reportingOutcome, type TransitionObserver } from './observe.ts';
import { BackgroundTaskPolicy } from './policies/background-task-policy.ts';
import { ClientSideTaskOrchestrationPolicy } from './policies/client-side-task-policy.ts';
import { CoreTaskPolicy } from './policies/core-task-policy.ts';
import { GlobalTaskPolicy } from './policies/global-task-policy.ts';
import { MinimalTaskPolicy } from './policies/minimal-task-policy.ts';
import { fromProposed, type ProposedState } from './states.ts';
import { canonicalClock } from './time.ts';
import { changesSince, snapshotRun, StateValidationError, validateProposedState } from './validation.ts';

export type TaskPolicyName = 'core' | 'minimal' | 'client-side';

export interface TaskOrchestrationOptions {
  /** Runs only the minimal policy (and the global transforms), as Prefect's force does. */
  force?: boolean;
  policy?: TaskPolicyName;
  now?: () => Timestamp;
  /** Orchestration parameters handed to rules (Prefect's orchestration_parameters). */
  parameters?: Record<string, unknown>;
  maxCacheKeyLength?: number;
  /** Told how the proposal was answered (the API's metrics). */
  observe?: TransitionObserver;
}

/** Options with the policy chosen; the form the engine runs with. */
export interface ResolvedTaskOptions {
  readonly policy: Policy<TaskRunContext>;
  readonly now: () => Timestamp;
  readonly parameters: Record<string, unknown>;
  readonly settings: OrchestrationSettings;
  /** Zeroes run_count with the state (Prefect's pre-0.8.3 flow retries reset their task runs). */
  readonly resetRunCount?: boolean;
  readonly observe?: TransitionObserver | undefined;
}

const NAMED_POLICIES: Record<TaskPolicyName, Policy<TaskRunContext>> = {
  core: CoreTaskPolicy,
  minimal: MinimalTaskPolicy,
  'client-side': ClientSideTaskOrchestrationPolicy,
};

/** Deferred (background) task runs always get the background policy, even when forced. */
export function resolveTaskOptions(proposed: ProposedState, options: TaskOrchestrationOptions = {}): ResolvedTaskOptions {
  const deferred = Boolean(proposed.state_details?.['deferred']);
  const policy = deferred ? BackgroundTaskPolicy : options.force ? MinimalTaskPolicy : NAMED_POLICIES[options.policy ?? 'core'];
  return {
    policy,
    now: canonicalClock(options.now),
    parameters: options.parameters ?? {},
    settings: { ...DEFAULT_SETTINGS, ...(options.maxCacheKeyLength === undefined ? {} : { maxCacheKeyLength: options.maxCacheKeyLength }) },
    observe: options.observe,
  };
}

/** Orchestrates inside the caller's transaction (which must lock: `{ forUpdate: true }`). Null: no such run. */
export async function orchestrateTaskRunState(
  repositories: Repositories,
  runId: string,
  proposed: ProposedState,
  options: ResolvedTaskOptions,
): Promise<OrchestrationResult | null> {
  const record = await repositories.taskRuns.read(runId, { forUpdate: true });
  return record === null ? null : orchestrateHeldTaskRun(repositories, record, proposed, options);
}

/** As orchestrateHeldFlowRun: a task run the caller's transaction inserted, so holds as current. */
export async function orchestrateHeldTaskRun(
  repositories: Repositories,
  record: TaskRunRecord,
  proposed: ProposedState,
  options: ResolvedTaskOptions,
): Promise<OrchestrationResult> {
  const { state: current, ...columns } = record;
  const run: TaskRunDraft = structuredClone(columns);
  const context: TaskRunContext = {
    kind: 'task',
    ...freshContext(repositories, run, current, fromProposed(proposed, options.now()), options),
    flowRun: () => (run.flow_run_id === null ? Promise.resolve(null) : repositories.flowRuns.read(run.flow_run_id)),
  };

  return reportingOutcome({ runType: 'task_run', from: current?.type ?? null, to: proposed.type }, options.observe, async () => {
    let snapshot = snapshotRun(run);
    await orchestrate(context, [...options.policy, ...GlobalTaskPolicy], async () => {
      if (options.resetRunCount && context.proposedState) run.run_count = 0;
      await validateProposedState(context, (id, state, timing) => repositories.taskRuns.setState(id, state, timing));
      if (context.proposedState) snapshot = snapshotRun(run);
    });
    const changes = changesSince(run, snapshot, ['empirical_policy', 'flow_run_run_count']);
    if (Object.keys(changes).length > 0) await repositories.taskRuns.update(run.id, changes as TaskRunUpdate);
    return { status: context.responseStatus, details: context.responseDetails, state: context.validatedState };
  });
}

/**
 * Proposes a new state for a task run and lets orchestration decide: the whole proposal runs
 * in one locking transaction. Resolves to null when the task run does not exist.
 */
export async function setTaskRunState(
  db: Database,
  runId: string,
  proposed: ProposedState,
  options: TaskOrchestrationOptions = {},
): Promise<OrchestrationResult | null> {
  const report = heldUntilCommit(options.observe);
  const resolved = resolveTaskOptions(proposed, { ...options, observe: report.observe });
  try {
    const result = await db.transaction((repositories) => orchestrateTaskRunState(repositories, runId, proposed, resolved), { forUpdate: true });
    report.flush();
    return result;
  } catch (error) {
    if (!(error instanceof StateValidationError)) throw error;
    report.flush();
    return error.result;
  }
}
