// UpdateSubflowParentTask: each subflow state is forced onto the parent's tracking task run.
import { Clock, createFlowRun, createTaskRun, orchestrationTest, proposeFlow, readTaskRun, taskHistory } from './fixtures.ts';

const test = orchestrationTest();

test('The tracking task run follows the subflow run through its states', async (t) => {
  const { db } = t.context;
  const clock = new Clock();
  const parentFlow = await createFlowRun(db);
  const tracker = await createTaskRun(db, { flow_run_id: parentFlow.id });
  const subflow = await createFlowRun(db, { parent_task_run_id: tracker.id });

  await proposeFlow(db, subflow.id, { type: 'PENDING' }, { now: clock.now });
  clock.tick(2);
  // Forced: the parent flow run has no state, which the core task policy would refuse.
  await proposeFlow(db, subflow.id, { type: 'RUNNING', message: 'go' }, { now: clock.now });

  t.deepEqual(await taskHistory(db, tracker.id), ['PENDING:Pending', 'RUNNING:Running']);
  const row = await readTaskRun(db, tracker.id);
  t.is(row.run_count, 1);
  t.is(row.start_time, '2030-01-01T00:00:02.000000Z');
  const details = row.state?.state_details ?? {};
  t.is(details['child_flow_run_id'], subflow.id);
  t.is(details['task_run_id'], tracker.id);
  t.is(details['flow_run_id'], parentFlow.id);
  t.is(row.state?.message, 'go');
});

test('A rejected subflow proposal still mirrors the state that was written', async (t) => {
  const { db } = t.context;
  const parentFlow = await createFlowRun(db);
  const tracker = await createTaskRun(db, { flow_run_id: parentFlow.id });
  const subflow = await createFlowRun(db, { parent_task_run_id: tracker.id, empirical_policy: { retries: 1 } });
  await proposeFlow(db, subflow.id, { type: 'RUNNING' });
  const result = await proposeFlow(db, subflow.id, { type: 'FAILED' });
  t.is(result.status, 'REJECT');
  t.deepEqual(await taskHistory(db, tracker.id), ['RUNNING:Running', 'SCHEDULED:AwaitingRetry']);
});

test('A nullified subflow proposal touches no task run', async (t) => {
  const { db } = t.context;
  const tracker = await createTaskRun(db);
  const subflow = await createFlowRun(db, { parent_task_run_id: tracker.id });
  await proposeFlow(db, subflow.id, { type: 'RUNNING' });
  t.is((await proposeFlow(db, subflow.id, { type: 'PENDING' })).status, 'ABORT');
  t.deepEqual(await taskHistory(db, tracker.id), ['RUNNING:Running']);
});
