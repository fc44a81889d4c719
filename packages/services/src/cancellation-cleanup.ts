// CancellationCleanup, as Prefect 3.9 does it: unfinished subflows of a CANCELLED run are
// cancelled (deployment subflows are sent CANCELLING so their workers stop them), unfinished
// task runs of a run cancelled in the last day are forced to CANCELLED, and a run left in
// CANCELLING longer than the cancelling timeout is marked CANCELLED. Every proposal first
// checks, under the run's lock, that the run is still as found.
import { TERMINAL_STATES } from '@prefect-server-ts/orchestration';
import type { CancellationCleanupSettings } from '@prefect-server-ts/settings';
import { addSeconds, type StateType } from '@prefect-server-ts/storage';
import { proposeFlowRunStateIf, proposeTaskRunStateIf } from './guarded-proposal.ts';
import type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';
import { forEachSwept } from './sweep.ts';

const PAGE_SIZE = 200;
const PARENT_CANCELLED = 'The parent flow run was cancelled.';
export const CANCELLING_TIMEOUT_MESSAGE = 'Flow run cancellation timed out; marked this flow run as Cancelled.';
/** Task runs are cleaned up for runs cancelled this recently. */
const TASK_RUN_WINDOW_SECONDS = 86_400;

const unfinished = (type: StateType | null): boolean => type !== null && !TERMINAL_STATES.has(type);

async function cancelSubflows(context: ServiceContext): Promise<number> {
  let changed = 0;
  await forEachSwept(context, PAGE_SIZE, (page) => context.database.repositories.flowRuns.findSubflowsOfCancelledRuns(page), async (subflow) => {
    const result = await proposeFlowRunStateIf(
      context.database,
      subflow.id,
      (run) => unfinished(run.state_type) && !(run.deployment_id && run.state_type === 'CANCELLING'),
      { type: subflow.deployment_id ? 'CANCELLING' : 'CANCELLED', message: PARENT_CANCELLED },
      { now: context.now },
    );
    if (result?.status === 'ACCEPT') changed += 1;
  });
  return changed;
}

async function cancelTaskRuns(context: ServiceContext): Promise<number> {
  const endedAfter = addSeconds(context.now(), -TASK_RUN_WINDOW_SECONDS);
  let changed = 0;
  await forEachSwept(context, PAGE_SIZE, (page) => context.database.repositories.taskRuns.findUnfinishedInCancelledFlowRuns(endedAfter, page), async (taskRun) => {
    const result = await proposeTaskRunStateIf(
      context.database,
      taskRun.id,
      (run) => unfinished(run.state_type),
      { type: 'CANCELLED', message: PARENT_CANCELLED },
      { force: true, now: context.now },
    );
    if (result?.status === 'ACCEPT') changed += 1;
  });
  return changed;
}

async function finishTimedOutCancellations(context: ServiceContext, settings: CancellationCleanupSettings): Promise<number> {
  const enteredBefore = addSeconds(context.now(), -settings.cancellingTimeoutSeconds);
  let changed = 0;
  await forEachSwept(context, PAGE_SIZE, (page) => context.database.repositories.flowRuns.findCancellingSince(enteredBefore, page), async (found) => {
    const result = await proposeFlowRunStateIf(
      context.database,
      found.id,
      (run) => run.state_id === found.state_id && run.state_type === 'CANCELLING',
      { type: 'CANCELLED', message: CANCELLING_TIMEOUT_MESSAGE },
      { now: context.now },
    );
    if (result?.status === 'ACCEPT') changed += 1;
  });
  return changed;
}

export async function tick(context: ServiceContext, settings: CancellationCleanupSettings): Promise<TickReport> {
  return {
    subflows: await cancelSubflows(context),
    taskRuns: await cancelTaskRuns(context),
    timedOut: await finishTimedOutCancellations(context, settings),
  };
}

export const CancellationCleanup: ServiceDefinition = {
  name: 'CancellationCleanup',
  settings: (services) => services.cancellationCleanup,
  tick: (context, services) => tick(context, services.cancellationCleanup),
};
