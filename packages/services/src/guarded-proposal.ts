// A state proposal that goes ahead only while the run is still as the sweep found it,
// checked under the run's lock in the proposal's own transaction: of two services racing
// over one run, the second finds it already changed and proposes nothing.
import {
  orchestrateFlowRunState,
  orchestrateTaskRunState,
  resolveFlowOptions,
  resolveTaskOptions,
  type FlowOrchestrationOptions,
  type OrchestrationResult,
  type ProposedState,
  type TaskOrchestrationOptions,
} from '@prefect-server-ts/orchestration';
import type { Database, FlowRunRecord, TaskRunRecord } from '@prefect-server-ts/storage';

/** Null when the run is gone or no longer due. */
export function proposeFlowRunStateIf(
  database: Database,
  runId: string,
  stillDue: (run: FlowRunRecord) => boolean,
  proposed: ProposedState,
  options: FlowOrchestrationOptions,
): Promise<OrchestrationResult | null> {
  const resolved = resolveFlowOptions(options);
  return database.transaction(async (tx) => {
    const run = await tx.flowRuns.read(runId, { forUpdate: true });
    return run && stillDue(run) ? orchestrateFlowRunState(tx, runId, proposed, resolved) : null;
  }, { forUpdate: true });
}

export function proposeTaskRunStateIf(
  database: Database,
  runId: string,
  stillDue: (run: TaskRunRecord) => boolean,
  proposed: ProposedState,
  options: TaskOrchestrationOptions,
): Promise<OrchestrationResult | null> {
  const resolved = resolveTaskOptions(proposed, options);
  return database.transaction(async (tx) => {
    const run = await tx.taskRuns.read(runId, { forUpdate: true });
    return run && stillDue(run) ? orchestrateTaskRunState(tx, runId, proposed, resolved) : null;
  }, { forUpdate: true });
}
