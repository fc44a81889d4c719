// UpdateStateDetails: a written state names its own flow run (and task run), whatever the
// proposal claimed.
import { createFlowRun, createTaskRun, forceFlowInto, orchestrationTest, proposeFlow, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

test('A flow run state names its flow run, overriding a wrong id in the proposal', async (t) => {
  const run = await createFlowRun(t.context.db);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING', state_details: { flow_run_id: crypto.randomUUID() } });
  t.is(result.state?.state_details['flow_run_id'], run.id);
  t.is((await t.context.db.repositories.flowRuns.readStates(run.id))[0]?.state_details['flow_run_id'], run.id);
});

test('A task run state names its task run and the flow run it belongs to', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, flowRun.id, [{ type: 'RUNNING' }]);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  const result = await proposeTask(t.context.db, task.id, { type: 'PENDING', state_details: { task_run_id: crypto.randomUUID() } });
  t.is(result.state?.state_details['task_run_id'], task.id);
  t.is(result.state?.state_details['flow_run_id'], flowRun.id);
});

test('A task run outside any flow run names no flow run', async (t) => {
  const task = await createTaskRun(t.context.db);
  const result = await proposeTask(t.context.db, task.id, { type: 'PENDING' });
  t.is(result.state?.state_details['task_run_id'], task.id);
  t.is(result.state?.state_details['flow_run_id'], null);
});
