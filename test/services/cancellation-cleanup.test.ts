// CancellationCleanup (Prefect 3.9): subflows and task runs of cancelled runs are cancelled,
// and runs stuck in CANCELLING past the timeout are marked CANCELLED, each exactly once even
// with two processes ticking at once.
import { loadSettings } from '@prefect-server-ts/settings';
import type { Database } from '@prefect-server-ts/storage';
import { cancellationCleanup } from '../../packages/services/src/index.ts';
import { createFlowRun, createTaskRun, flowHistory, forceFlowInto, forceTaskInto, readFlowRun, readTaskRun, taskHistory } from '../orchestration/fixtures.ts';
import { serviceTest, tickInProcesses, type Clock } from './fixtures.ts';

const settings = loadSettings({}).services.cancellationCleanup;
const PARENT_CANCELLED = 'The parent flow run was cancelled.';
const RACED = 30;

async function flowRunIn(db: Database, clock: Clock, types: ('RUNNING' | 'CANCELLING' | 'CANCELLED' | 'COMPLETED')[], fields: { parent_task_run_id?: string; deployment_id?: string } = {}): Promise<string> {
  const run = await createFlowRun(db, fields);
  await forceFlowInto(db, run.id, types.map((type) => ({ type })), clock);
  return run.id;
}

async function taskRunIn(db: Database, clock: Clock, flowRunId: string, type: 'RUNNING' | 'PENDING' | 'COMPLETED'): Promise<string> {
  const run = await createTaskRun(db, { flow_run_id: flowRunId });
  await forceTaskInto(db, run.id, [{ type }], clock);
  return run.id;
}

serviceTest('subflows of a cancelled run are cancelled; deployment subflows are sent CANCELLING', async (t, { db, clock, context }) => {
  const parent = await flowRunIn(db, clock, ['RUNNING']);
  const subflowOf = async (types: ('RUNNING' | 'CANCELLING' | 'COMPLETED')[], deployment_id?: string) =>
    flowRunIn(db, clock, types, { parent_task_run_id: await taskRunIn(db, clock, parent, 'COMPLETED'), ...(deployment_id ? { deployment_id } : {}) });
  const deployment = crypto.randomUUID();
  const inline = await subflowOf(['RUNNING']);
  const deployed = await subflowOf(['RUNNING'], deployment);
  const deployedCancelling = await subflowOf(['RUNNING', 'CANCELLING'], deployment);
  const finished = await subflowOf(['RUNNING', 'COMPLETED']);
  const otherParentTask = await taskRunIn(db, clock, await flowRunIn(db, clock, ['RUNNING']), 'RUNNING');
  const unrelated = await flowRunIn(db, clock, ['RUNNING'], { parent_task_run_id: otherParentTask });

  t.deepEqual(await cancellationCleanup.tick(context, settings), { subflows: 0, taskRuns: 0, timedOut: 0 });
  await forceFlowInto(db, parent, [{ type: 'CANCELLED' }], clock);
  // The parent task runs of the two CANCELLING subflows follow them into CANCELLING, and so
  // are unfinished task runs of a cancelled run: they are cancelled in the same tick.
  t.deepEqual(await cancellationCleanup.tick(context, settings), { subflows: 2, taskRuns: 2, timedOut: 0 });

  t.like(await readFlowRun(db, inline), { state_type: 'CANCELLED', state: { message: PARENT_CANCELLED } });
  t.like(await readFlowRun(db, deployed), { state_type: 'CANCELLING', state: { message: PARENT_CANCELLED } });
  t.deepEqual(await flowHistory(db, deployedCancelling), ['RUNNING:Running', 'CANCELLING:Cancelling']);
  t.is((await readFlowRun(db, finished)).state_type, 'COMPLETED');
  t.is((await readFlowRun(db, unrelated)).state_type, 'RUNNING');
  t.deepEqual(await cancellationCleanup.tick(context, settings), { subflows: 0, taskRuns: 0, timedOut: 0 });
});

serviceTest('unfinished task runs of a run cancelled within the last day are forced to CANCELLED', async (t, { db, clock, context }) => {
  const longAgo = await flowRunIn(db, clock, ['RUNNING']);
  const stale = await taskRunIn(db, clock, longAgo, 'RUNNING');
  await forceFlowInto(db, longAgo, [{ type: 'CANCELLED' }], clock);
  clock.tick(86_401);
  const recent = await flowRunIn(db, clock, ['RUNNING']);
  const running = await taskRunIn(db, clock, recent, 'RUNNING');
  const pending = await taskRunIn(db, clock, recent, 'PENDING');
  const completed = await taskRunIn(db, clock, recent, 'COMPLETED');
  await forceFlowInto(db, recent, [{ type: 'CANCELLED' }], clock);

  t.deepEqual(await cancellationCleanup.tick(context, settings), { subflows: 0, taskRuns: 2, timedOut: 0 });
  for (const id of [running, pending]) t.like(await readTaskRun(db, id), { state_type: 'CANCELLED', state: { message: PARENT_CANCELLED } });
  t.is((await readTaskRun(db, completed)).state_type, 'COMPLETED');
  t.is((await readTaskRun(db, stale)).state_type, 'RUNNING');
});

serviceTest('a run left CANCELLING past the cancelling timeout is marked CANCELLED', async (t, { db, clock, context }) => {
  const stuck = await flowRunIn(db, clock, ['RUNNING', 'CANCELLING'], { deployment_id: crypto.randomUUID() });
  clock.tick(settings.cancellingTimeoutSeconds);
  const recent = await flowRunIn(db, clock, ['RUNNING', 'CANCELLING']);

  t.deepEqual(await cancellationCleanup.tick(context, settings), { subflows: 0, taskRuns: 0, timedOut: 1 });
  const cancelled = await readFlowRun(db, stuck);
  t.like(cancelled, { state_type: 'CANCELLED', state: { message: cancellationCleanup.CANCELLING_TIMEOUT_MESSAGE } });
  t.is(cancelled.end_time, cancelled.state?.timestamp ?? null);
  t.deepEqual(await flowHistory(db, stuck), ['RUNNING:Running', 'CANCELLING:Cancelling', 'CANCELLED:Cancelled']);
  t.is((await readFlowRun(db, recent)).state_type, 'CANCELLING');
  const quick = loadSettings({ PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_CANCELLING_TIMEOUT_SECONDS: '1' }).services.cancellationCleanup;
  t.deepEqual(await cancellationCleanup.tick(context, quick), { subflows: 0, taskRuns: 0, timedOut: 1 });
  t.is((await readFlowRun(db, recent)).state_type, 'CANCELLED');
});

serviceTest('two processes ticking at once change each subflow, task run and stuck run exactly once', async (t, { db, clock, handle }) => {
  const parent = await flowRunIn(db, clock, ['RUNNING']);
  const subflows: string[] = [];
  const taskRuns: string[] = [];
  const stuck: string[] = [];
  for (let i = 0; i < RACED; i += 1) {
    subflows.push(await flowRunIn(db, clock, ['RUNNING'], { parent_task_run_id: await taskRunIn(db, clock, parent, 'COMPLETED') }));
    taskRuns.push(await taskRunIn(db, clock, parent, 'RUNNING'));
  }
  await forceFlowInto(db, parent, [{ type: 'CANCELLED' }], clock);
  for (let i = 0; i < RACED; i += 1) stuck.push(await flowRunIn(db, clock, ['RUNNING', 'CANCELLING']));
  clock.tick(settings.cancellingTimeoutSeconds + 60);

  const reports = await tickInProcesses(handle.url, 'CancellationCleanup', clock.now());
  const total = (key: string) => reports.reduce((sum, report) => sum + report[key]!, 0);
  t.deepEqual({ subflows: total('subflows'), taskRuns: total('taskRuns'), timedOut: total('timedOut') }, { subflows: RACED, taskRuns: RACED, timedOut: RACED });
  for (const id of subflows) t.deepEqual(await flowHistory(db, id), ['RUNNING:Running', 'CANCELLED:Cancelled']);
  for (const id of taskRuns) t.deepEqual(await taskHistory(db, id), ['RUNNING:Running', 'CANCELLED:Cancelled']);
  for (const id of stuck) t.deepEqual(await flowHistory(db, id), ['RUNNING:Running', 'CANCELLING:Cancelling', 'CANCELLED:Cancelled']);
});
