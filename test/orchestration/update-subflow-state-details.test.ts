// UpdateSubflowStateDetails: a subflow run's states point at the parent's tracking task run.
import { createFlowRun, createTaskRun, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

test('A subflow run state carries the id of the task run tracking it in the parent', async (t) => {
  const parentFlow = await createFlowRun(t.context.db);
  const tracker = await createTaskRun(t.context.db, { flow_run_id: parentFlow.id });
  const subflow = await createFlowRun(t.context.db, { parent_task_run_id: tracker.id });
  const result = await proposeFlow(t.context.db, subflow.id, { type: 'PENDING' });
  t.is(result.state?.state_details['task_run_id'], tracker.id);
  t.is(result.state?.state_details['flow_run_id'], subflow.id);
});

test('A top-level flow run state names no task run', async (t) => {
  const run = await createFlowRun(t.context.db);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.state?.state_details['task_run_id'], null);
});
