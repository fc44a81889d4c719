// Committing a governed proposal: the state row with the run columns rules changed, and
// afterwards whatever after-hooks changed on the run (policy, flow run tracker).
import { DatabaseUnavailableError, type JsonObject, type RunTimingUpdate, type StateInsert, type StateRecord } from '@prefect-server-ts/storage';
import type { FlowRunDraft, OrchestrationResult, RunContext, TaskRunDraft } from './context.ts';
import { isUnpersistedResult, type State } from './states.ts';

type RunDraft = FlowRunDraft | TaskRunDraft;
type SetState = (runId: string, state: StateInsert, timing: RunTimingUpdate) => Promise<StateRecord>;

/**
 * A proposal could not be written. The transaction must roll back (on Postgres it cannot
 * go on), so this escapes it, and the caller answers ABORT as Prefect does.
 */
export class StateValidationError extends Error {
  readonly result: OrchestrationResult;
  constructor(cause: unknown) {
    const repr = cause instanceof Error ? `${cause.name}(${JSON.stringify(cause.message)})` : String(cause);
    super(`Error validating state: ${repr}`, { cause });
    this.name = 'StateValidationError';
    this.result = { status: 'ABORT', details: { type: 'abort_details', reason: this.message }, state: null };
  }
}

/** The run columns written together with a new state. */
export function timingOf(run: RunDraft): RunTimingUpdate {
  return {
    start_time: run.start_time,
    end_time: run.end_time,
    run_count: run.run_count,
    total_run_time: run.total_run_time,
    expected_start_time: run.expected_start_time,
    next_scheduled_start_time: run.next_scheduled_start_time,
    empirical_policy: run.empirical_policy,
  };
}

function stateInsert(state: State): StateInsert {
  // Unpersisted result metadata is not stored, as Prefect stores no artifact for it.
  const stored = state.data !== null && state.data !== undefined && !isUnpersistedResult(state.data);
  return {
    type: state.type,
    name: state.name,
    timestamp: state.timestamp,
    message: state.message,
    state_details: state.state_details,
    data: stored ? state.data : null,
  };
}

/**
 * Writes the proposed state, or, when rules nullified it, takes the run's current state as
 * the validated one (Prefect re-validates the current state in that case).
 */
export async function validateProposedState(context: RunContext, setState: SetState): Promise<void> {
  const proposed = context.proposedState;
  if (proposed === null) {
    context.validatedState = context.currentStateRecord;
    return;
  }
  try {
    const record = await setState(context.run.id, stateInsert(proposed), timingOf(context.run));
    context.validatedState = { ...record, data: proposed.data ?? null };
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new StateValidationError(error);
  }
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** A copy of the run's changeable columns, to find what hooks changed after a point. */
export function snapshotRun(run: RunDraft): RunDraft {
  return structuredClone(run);
}

/**
 * The columns to update after orchestration: those hooks changed after the state write (or
 * with no state written). Timing columns can only travel with a state, so a change to one
 * without a state is a rule bug.
 */
export function changesSince(run: RunDraft, snapshot: RunDraft, columns: readonly string[]): JsonObject {
  const timing = timingOf(run);
  const before = timingOf(snapshot);
  for (const key of Object.keys(timing) as (keyof RunTimingUpdate)[]) {
    if (key !== 'empirical_policy' && json(timing[key]) !== json(before[key])) {
      throw new Error(`orchestration changed ${key} of run ${run.id} without writing a state`);
    }
  }
  const changes: JsonObject = {};
  const now = run as unknown as JsonObject;
  const then = snapshot as unknown as JsonObject;
  for (const column of columns) if (json(now[column]) !== json(then[column])) changes[column] = now[column];
  return changes;
}
