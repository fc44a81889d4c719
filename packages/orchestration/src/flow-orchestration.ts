// Orchestrating one flow run state proposal: lock and read the run, govern the proposal
// with the chosen policy and the global transforms, write it, persist what hooks changed.
import { type Database, type FlowRunRecord, type FlowRunUpdate, type Repositories, type Timestamp } from '@prefect-server-ts/storage';
import { DEFAULT_SETTINGS, freshContext, type FlowRunContext, type FlowRunDraft, type OrchestrationResult, type OrchestrationSettings } from './context.ts';
import { orchestrate, type Policy } from './engine.ts';
import { heldUntilCommit, reportingOutcome, type TransitionObserver } from './observe.ts';
import { CoreFlowPolicy } from './policies/core-flow-policy.ts';
import { GlobalFlowPolicy } from './policies/global-flow-policy.ts';
import { MarkLateRunsPolicy } from './policies/mark-late-runs-policy.ts';
import { MinimalFlowPolicy } from './policies/minimal-flow-policy.ts';
import { fromProposed, type ProposedState } from './states.ts';
import { canonicalClock } from './time.ts';
import { changesSince, snapshotRun, StateValidationError, validateProposedState } from './validation.ts';

export type FlowPolicyName = 'core' | 'minimal' | 'mark-late';

export interface FlowOrchestrationOptions {
  /** Runs only the minimal policy (and the global transforms), as Prefect's force does. */
  force?: boolean;
  policy?: FlowPolicyName;
  now?: () => Timestamp;
  /** Orchestration parameters handed to rules; the API passes the request's "api-version". */
  parameters?: Record<string, unknown>;
  /** The Prefect version of the proposing client (from its User-Agent). */
  clientVersion?: string | null;
  settings?: OrchestrationSettings;
  /** Told how the proposal was answered (the API's metrics). */
  observe?: TransitionObserver;
}

export interface ResolvedFlowOptions {
  readonly policy: Policy<FlowRunContext>;
  readonly now: () => Timestamp;
  readonly parameters: Record<string, unknown>;
  readonly settings: OrchestrationSettings;
  readonly clientVersion: string | null;
  readonly observe?: TransitionObserver | undefined;
}

const NAMED_POLICIES: Record<FlowPolicyName, Policy<FlowRunContext>> = {
  core: CoreFlowPolicy,
  minimal: MinimalFlowPolicy,
  'mark-late': MarkLateRunsPolicy,
};

export function resolveFlowOptions(options: FlowOrchestrationOptions = {}): ResolvedFlowOptions {
  return {
    policy: options.force ? MinimalFlowPolicy : NAMED_POLICIES[options.policy ?? 'core'],
    now: canonicalClock(options.now),
    parameters: options.parameters ?? {},
    settings: options.settings ?? DEFAULT_SETTINGS,
    clientVersion: options.clientVersion ?? null,
    observe: options.observe,
  };
}

/** Orchestrates inside the caller's transaction (which must lock: `{ forUpdate: true }`). Null: no such run. */
export async function orchestrateFlowRunState(
  repositories: Repositories,
  runId: string,
  proposed: ProposedState,
  options: ResolvedFlowOptions,
): Promise<OrchestrationResult | null> {
  const record = await repositories.flowRuns.read(runId, { forUpdate: true });
  return record === null ? null : orchestrateHeldFlowRun(repositories, record, proposed, options);
}

/**
 * Orchestrates a run the caller's transaction already holds as current: one it inserted
 * itself, which no other transaction can see, let alone change, before the commit. Saves
 * the locking read of orchestrateFlowRunState.
 */
export async function orchestrateHeldFlowRun(
  repositories: Repositories,
  record: FlowRunRecord,
  proposed: ProposedState,
  options: ResolvedFlowOptions,
): Promise<OrchestrationResult> {
  const { state: current, ...columns } = record;
  const run: FlowRunDraft = structuredClone(columns);
  const context: FlowRunContext = {
    kind: 'flow',
    ...freshContext(repositories, run, current, fromProposed(proposed, options.now()), options),
  };

  return reportingOutcome({ runType: 'flow_run', from: current?.type ?? null, to: proposed.type }, options.observe, async () => {
    let snapshot = snapshotRun(run);
    await orchestrate(context, [...options.policy, ...GlobalFlowPolicy], async () => {
      await validateProposedState(context, (id, state, timing) => repositories.flowRuns.setState(id, state, timing));
      if (context.proposedState) snapshot = snapshotRun(run);
    });
    const changes = changesSince(run, snapshot, ['empirical_policy']);
    if (Object.keys(changes).length > 0) await repositories.flowRuns.update(run.id, changes as FlowRunUpdate);
    return { status: context.responseStatus, details: context.responseDetails, state: context.validatedState };
  });
}

/**
 * Proposes a new state for a flow run and lets orchestration decide: the whole proposal runs
 * in one locking transaction, so of racing proposals exactly one sees the old state.
 * Resolves to null when the flow run does not exist.
 */
export async function setFlowRunState(
  db: Database,
  runId: string,
  proposed: ProposedState,
  options: FlowOrchestrationOptions = {},
): Promise<OrchestrationResult | null> {
  const report = heldUntilCommit(options.observe);
  const resolved = resolveFlowOptions({ ...options, observe: report.observe });
  try {
    const result = await db.transaction((repositories) => orchestrateFlowRunState(repositories, runId, proposed, resolved), { forUpdate: true });
    report.flush();
    return result;
  } catch (error) {
    if (!(error instanceof StateValidationError)) throw error;
    report.flush();
    return error.result;
  }
}
