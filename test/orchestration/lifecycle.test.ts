// Whole lifecycles through the core policies: the run columns Prefect keeps (run count,
// start, end, total run time, expected start) after SCHEDULED → PENDING → RUNNING → COMPLETED.
import { Clock, createFlowRun, createTaskRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow, proposeTask, readFlowRun, readTaskRun, taskHistory } from './fixtures.ts';

const test = orchestrationTest();

test('A flow run walked from SCHEDULED to COMPLETED records its run count, start, end and total run time', async (t) => {
  const { db } = t.context;
  const clock = new Clock('2030-01-01T00:00:00.000000Z');
  const run = await createFlowRun(db);
  const now = clock.now;

  t.is((await proposeFlow(db, run.id, { type: 'SCHEDULED', state_details: { scheduled_time: clock.in(60) } }, { now })).status, 'ACCEPT');
  let row = await readFlowRun(db, run.id);
  t.is(row.expected_start_time, '2030-01-01T00:01:00.000000Z');
  t.is(row.next_scheduled_start_time, '2030-01-01T00:01:00.000000Z');

  clock.tick(61);
  const pending = await proposeFlow(db, run.id, { type: 'PENDING' }, { now });
  t.is(pending.status, 'ACCEPT');
  t.is(pending.state?.state_details['scheduled_time'], '2030-01-01T00:01:00.000000Z');
  row = await readFlowRun(db, run.id);
  t.is(row.next_scheduled_start_time, null);

  clock.tick(2);
  t.is((await proposeFlow(db, run.id, { type: 'RUNNING' }, { now })).status, 'ACCEPT');
  clock.tick(12.345678);
  t.is((await proposeFlow(db, run.id, { type: 'COMPLETED' }, { now })).status, 'ACCEPT');

  row = await readFlowRun(db, run.id);
  t.is(row.run_count, 1);
  t.is(row.start_time, '2030-01-01T00:01:03.000000Z');
  t.is(row.end_time, '2030-01-01T00:01:15.345678Z');
  t.is(row.total_run_time, 12.345678);
  t.is(row.expected_start_time, '2030-01-01T00:01:00.000000Z');
  t.is(row.state_type, 'COMPLETED');
  t.is(row.state_name, 'Completed');
  t.is(row.state_timestamp, '2030-01-01T00:01:15.345678Z');
  t.deepEqual(await flowHistory(db, run.id), ['SCHEDULED:Scheduled', 'PENDING:Pending', 'RUNNING:Running', 'COMPLETED:Completed']);
});

test('A task run inside a running flow run records its run count, times and the flow run attempt it ran in', async (t) => {
  const { db } = t.context;
  const clock = new Clock();
  const now = clock.now;
  const flowRun = await createFlowRun(db);
  await forceFlowInto(db, flowRun.id, [{ type: 'PENDING' }, { type: 'RUNNING' }], clock);
  const task = await createTaskRun(db, { flow_run_id: flowRun.id });

  t.is((await proposeTask(db, task.id, { type: 'PENDING' }, { now })).status, 'ACCEPT');
  clock.tick();
  const running = await proposeTask(db, task.id, { type: 'RUNNING' }, { now });
  t.is(running.status, 'ACCEPT');
  t.is(running.state?.state_details['task_run_id'], task.id);
  t.is(running.state?.state_details['flow_run_id'], flowRun.id);
  clock.tick(0.5);
  t.is((await proposeTask(db, task.id, { type: 'COMPLETED' }, { now })).status, 'ACCEPT');

  const row = await readTaskRun(db, task.id);
  t.is(row.run_count, 1);
  t.is(row.flow_run_run_count, 1);
  t.is(row.start_time, '2030-01-01T00:00:03.000000Z');
  t.is(row.end_time, '2030-01-01T00:00:03.500000Z');
  t.is(row.total_run_time, 0.5);
  t.is(row.expected_start_time, '2030-01-01T00:00:02.000000Z');
  t.deepEqual(await taskHistory(db, task.id), ['PENDING:Pending', 'RUNNING:Running', 'COMPLETED:Completed']);
});

test('A flow run paused and resumed keeps Prefect\'s pause bookkeeping at every step', async (t) => {
  // Expected values observed from Prefect 3.9.1's server models with the core flow policy.
  const { db } = t.context;
  const clock = new Clock();
  const now = clock.now;
  const run = await createFlowRun(db);
  const step = async (proposed: Parameters<typeof proposeFlow>[2]) => {
    clock.tick();
    const result = await proposeFlow(db, run.id, proposed, { now });
    const row = await readFlowRun(db, run.id);
    const policy = row.empirical_policy;
    return [result.status, result.state?.name, row.run_count, policy['pause_keys'] ?? [], policy['resuming'] ?? false];
  };
  const pause = { type: 'PAUSED' as const, state_details: { pause_key: 'k1', pause_timeout: clock.in(300) } };

  t.deepEqual(await step({ type: 'PENDING' }), ['ACCEPT', 'Pending', 0, [], false]);
  t.deepEqual(await step({ type: 'RUNNING' }), ['ACCEPT', 'Running', 1, [], false]);
  t.deepEqual(await step(pause), ['ACCEPT', 'Paused', 1, ['k1'], false]);
  t.deepEqual(await step({ type: 'RUNNING' }), ['ACCEPT', 'Running', 2, ['k1'], true]);
  t.deepEqual(await step(pause), ['REJECT', 'Running', 2, ['k1'], true]);
  t.deepEqual(await step({ type: 'RUNNING' }), ['ACCEPT', 'Running', 2, ['k1'], false]);
});
