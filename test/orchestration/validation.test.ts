// Validation: what is written for a governed proposal, and what happens when it cannot be.
import { createFlowRun, createTaskRun, orchestrationTest, proposeFlow, proposeTask, readTaskRun, taskHistory } from './fixtures.ts';

const test = orchestrationTest();

test('A task run state that collides with an existing timestamp is aborted with the error, and nothing is written', async (t) => {
  const task = await createTaskRun(t.context.db);
  const at = '2030-01-01T00:00:00.000000Z';
  await proposeTask(t.context.db, task.id, { type: 'PENDING', timestamp: at });
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING', timestamp: at });
  t.is(result.status, 'ABORT');
  t.is(result.state, null);
  t.regex(result.details.type === 'abort_details' ? (result.details.reason ?? '') : '', /^Error validating state: UniqueViolationError/);
  t.deepEqual(await taskHistory(t.context.db, task.id), ['PENDING:Pending']);
  const row = await readTaskRun(t.context.db, task.id);
  t.is(row.run_count, 0);
  t.is(row.start_time, null);
});

test('Unpersisted result data is returned with the state but not stored; other data is stored', async (t) => {
  const run = await createFlowRun(t.context.db);
  const unpersisted = { type: 'unpersisted' };
  const result = await proposeFlow(t.context.db, run.id, { type: 'COMPLETED', data: unpersisted });
  t.deepEqual(result.state?.data, unpersisted);
  t.is((await t.context.db.repositories.flowRuns.readStates(run.id))[0]?.data, null);

  const other = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, other.id, { type: 'COMPLETED', data: [1, 2] });
  t.deepEqual((await t.context.db.repositories.flowRuns.readStates(other.id))[0]?.data, [1, 2]);
});

test('Proposals get Prefect\'s defaults: the type\'s name, full state details, and a scheduled time for SCHEDULED', async (t) => {
  const run = await createFlowRun(t.context.db);
  const result = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', state_details: { unknown_key: 1 } }, { now: () => '2030-01-01T00:00:00Z' });
  t.is(result.state?.name, 'Scheduled');
  t.is(result.state?.timestamp, '2030-01-01T00:00:00.000000Z');
  t.deepEqual(result.state?.state_details, {
    flow_run_id: run.id, task_run_id: null, child_flow_run_id: null, scheduled_time: '2030-01-01T00:00:00.000000Z', cache_key: null,
    cache_expiration: null, deferred: false, untrackable_result: false, pause_timeout: null, pause_reschedule: false, pause_key: null,
    run_input_keyset: null, refresh_cache: null, retriable: null, transition_id: null, task_parameters_id: null, traceparent: null,
    deployment_concurrency_lease_id: null,
  });
});
