// PreventRunningTasksFromStoppedFlows: tasks run only while their flow run runs.
import { createFlowRun, createTaskRun, forceFlowInto, orchestrationTest, proposeTask, taskHistory } from './fixtures.ts';

const test = orchestrationTest();
const reason = 'The enclosing flow must be running to begin task execution.';

test('A task of a flow run with no state is aborted', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  t.deepEqual(await proposeTask(t.context.db, task.id, { type: 'RUNNING' }), { status: 'ABORT', details: { type: 'abort_details', reason }, state: null });
});

test('A task of a completed flow run is aborted and nothing is written', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, flowRun.id, [{ type: 'COMPLETED' }]);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  await proposeTask(t.context.db, task.id, { type: 'PENDING' });
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is(result.status, 'ABORT');
  t.deepEqual(await taskHistory(t.context.db, task.id), ['PENDING:Pending']);
});

test('A task of a paused flow run is told to pause as "NotReady" with the flow run\'s pause details', async (t) => {
  const flowRun = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  const timeout = '2099-01-01T00:00:00.000000Z';
  await forceFlowInto(t.context.db, flowRun.id, [{ type: 'RUNNING' }, { type: 'PAUSED', state_details: { pause_timeout: timeout, pause_reschedule: true } }]);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.deepEqual(result.details, { type: 'reject_details', reason: `The flow is paused, new tasks can execute after resuming flow run: ${flowRun.id}.` });
  t.is(result.state?.type, 'PAUSED');
  t.is(result.state?.name, 'NotReady');
  t.is(result.state?.state_details['pause_timeout'], timeout);
  t.is(result.state?.state_details['pause_reschedule'], true);
});

test('Tasks of a running flow run, and tasks outside any flow run, may run', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, flowRun.id, [{ type: 'RUNNING' }]);
  const inside = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  const outside = await createTaskRun(t.context.db);
  t.is((await proposeTask(t.context.db, inside.id, { type: 'RUNNING' })).status, 'ACCEPT');
  t.is((await proposeTask(t.context.db, outside.id, { type: 'RUNNING' })).status, 'ACCEPT');
});
