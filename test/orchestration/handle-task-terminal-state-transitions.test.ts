// HandleTaskTerminalStateTransitions: what a task run in a terminal state may still become.
import { createFlowRun, createTaskRun, forceFlowInto, forceTaskInto, orchestrationTest, proposeFlow, proposeTask, readTaskRun } from './fixtures.ts';

const test = orchestrationTest();

for (const type of ['CANCELLING', 'PAUSED', 'CRASHED'] as const) {
  test(`A COMPLETED task run cannot be made ${type}`, async (t) => {
    const task = await createTaskRun(t.context.db);
    await forceTaskInto(t.context.db, task.id, [{ type: 'COMPLETED' }]);
    const result = await proposeTask(t.context.db, task.id, { type });
    t.deepEqual(result, { status: 'ABORT', details: { type: 'abort_details', reason: 'Run is already COMPLETED.' }, state: result.state });
    t.is(result.state?.type, 'COMPLETED');
  });
}

test('A task run COMPLETED with a persisted result stays completed', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'COMPLETED', data: { type: 'reference', storage_key: 's' } }]);
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'This run is already completed.' });
});

test('Leaving a terminal state resets the run count, so retries start over', async (t) => {
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 1 } });
  await forceTaskInto(t.context.db, task.id, [{ type: 'RUNNING' }, { type: 'FAILED' }]);
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 1);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' })).status, 'ACCEPT');
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 1);
  t.is((await proposeTask(t.context.db, task.id, { type: 'FAILED' })).state?.name, 'AwaitingRetry');
});

test('A terminal task run restarting in a retried flow run is named "Retrying"', async (t) => {
  const { db } = t.context;
  const flowRun = await createFlowRun(db, { empirical_policy: { retries: 1 } });
  await proposeFlow(db, flowRun.id, { type: 'RUNNING' });
  const task = await createTaskRun(db, { flow_run_id: flowRun.id });
  await proposeTask(db, task.id, { type: 'RUNNING' });
  await proposeTask(db, task.id, { type: 'FAILED' });
  await proposeFlow(db, flowRun.id, { type: 'FAILED' });
  await proposeFlow(db, flowRun.id, { type: 'RUNNING' });
  const rerun = await proposeTask(db, task.id, { type: 'RUNNING' });
  t.is(rerun.state?.name, 'Retrying');
  const row = await readTaskRun(db, task.id);
  t.is(row.run_count, 1);
  t.is(row.flow_run_run_count, 2);
});

test('When a later rule aborts the restart, the run count is restored', async (t) => {
  const { db } = t.context;
  const flowRun = await createFlowRun(db);
  await forceFlowInto(db, flowRun.id, [{ type: 'RUNNING' }]);
  const task = await createTaskRun(db, { flow_run_id: flowRun.id });
  await forceTaskInto(db, task.id, [{ type: 'RUNNING' }, { type: 'FAILED' }]);
  await forceFlowInto(db, flowRun.id, [{ type: 'COMPLETED' }]);
  // PreventRunningTasksFromStoppedFlows aborts after this rule zeroed the run count.
  const result = await proposeTask(db, task.id, { type: 'RUNNING' });
  t.is(result.status, 'ABORT');
  t.is((await readTaskRun(db, task.id)).run_count, 1);
});
