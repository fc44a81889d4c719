// UpdateFlowRunTrackerOnTasks: a running task run records its flow run's attempt number.
import { createFlowRun, createTaskRun, forceFlowInto, orchestrationTest, proposeTask, readTaskRun } from './fixtures.ts';

const test = orchestrationTest();

test('Entering RUNNING copies the flow run\'s run count onto the task run', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, flowRun.id, [{ type: 'RUNNING' }, { type: 'RUNNING' }, { type: 'RUNNING' }]);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  await proposeTask(t.context.db, task.id, { type: 'PENDING' });
  t.is((await readTaskRun(t.context.db, task.id)).flow_run_run_count, 0);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is((await readTaskRun(t.context.db, task.id)).flow_run_run_count, 3);
});

test('A task run outside any flow run keeps its tracker at zero', async (t) => {
  const task = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is((await readTaskRun(t.context.db, task.id)).flow_run_run_count, 0);
});
