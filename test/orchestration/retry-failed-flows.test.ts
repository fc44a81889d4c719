// RetryFailedFlows: failing flow runs with retries left are rescheduled as AwaitingRetry.
import { Clock, createFlowRun, createTaskRun, flowHistory, forceTaskInto, orchestrationTest, proposeFlow, readFlowRun, readTaskRun, taskHistory } from './fixtures.ts';

const test = orchestrationTest();

test('A flow run with two retries fails into AwaitingRetry twice, counting attempts, then fails for good', async (t) => {
  const { db } = t.context;
  const run = await createFlowRun(db, { empirical_policy: { retries: 2 } });
  const attempt = async () => {
    t.is((await proposeFlow(db, run.id, { type: 'RUNNING' })).status, 'ACCEPT');
    return proposeFlow(db, run.id, { type: 'FAILED', message: 'boom', data: { type: 'reference', storage_key: 'x' } });
  };
  for (const runCount of [1, 2]) {
    const failed = await attempt();
    t.is(failed.status, 'REJECT');
    t.deepEqual(failed.details, { type: 'reject_details', reason: 'Retrying' });
    t.is(failed.state?.type, 'SCHEDULED');
    t.is(failed.state?.name, 'AwaitingRetry');
    t.is(failed.state?.message, 'boom');
    t.deepEqual(failed.state?.data, { type: 'reference', storage_key: 'x' });
    const row = await readFlowRun(db, run.id);
    t.is(row.run_count, runCount);
    t.is(row.empirical_policy['retry_type'], 'in_process');
  }
  const final = await attempt();
  t.is(final.status, 'ACCEPT');
  t.is(final.state?.type, 'FAILED');
  const row = await readFlowRun(db, run.id);
  t.is(row.run_count, 3);
  t.is(row.empirical_policy['retry_type'], null);
  t.deepEqual(await flowHistory(db, run.id), [
    'RUNNING:Running', 'SCHEDULED:AwaitingRetry', 'RUNNING:Running', 'SCHEDULED:AwaitingRetry', 'RUNNING:Running', 'FAILED:Failed',
  ]);
});

test('The retry is scheduled retry_delay seconds out, and starting earlier is told to wait', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db, { empirical_policy: { retries: 1, retry_delay: 10 } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  const failed = await proposeFlow(t.context.db, run.id, { type: 'FAILED' }, { now: clock.now });
  t.is(failed.state?.state_details['scheduled_time'], '2030-01-01T00:00:11.000000Z');
  clock.tick(4);
  const early = await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.is(early.details.type === 'wait_details' && early.details.delay_seconds, 6);
});

test('A flow run without retries fails at once', async (t) => {
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'FAILED' })).status, 'ACCEPT');
  t.is((await readFlowRun(t.context.db, run.id)).state_type, 'FAILED');
});

test('Retrying resets the pause bookkeeping for the new attempt', async (t) => {
  // Resuming a blocking pause counts as an attempt (run_count 2), as in Prefect.
  const run = await createFlowRun(t.context.db, { empirical_policy: { retries: 2 } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: 'p' } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'FAILED' })).state?.name, 'AwaitingRetry');
  const policy = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.deepEqual([policy['pause_keys'], policy['resuming'], policy['retry_type']], [[], false, 'in_process']);
});

test('For clients older than API 0.8.3 the failed task runs are sent back to AwaitingRetry with their run count reset', async (t) => {
  const { db } = t.context;
  const params = { parameters: { 'api-version': '0.8.2' } };
  const run = await createFlowRun(db, { empirical_policy: { retries: 1 } });
  await proposeFlow(db, run.id, { type: 'RUNNING' }, params);
  const failedTask = await createTaskRun(db, { flow_run_id: run.id });
  const completedTask = await createTaskRun(db, { flow_run_id: run.id });
  await forceTaskInto(db, failedTask.id, [{ type: 'RUNNING' }, { type: 'FAILED' }]);
  await forceTaskInto(db, completedTask.id, [{ type: 'RUNNING' }, { type: 'COMPLETED' }]);

  t.is((await proposeFlow(db, run.id, { type: 'FAILED' }, params)).state?.name, 'AwaitingRetry');
  t.deepEqual(await taskHistory(db, failedTask.id), ['RUNNING:Running', 'FAILED:Failed', 'SCHEDULED:AwaitingRetry']);
  t.is((await readTaskRun(db, failedTask.id)).run_count, 0);
  t.is((await readTaskRun(db, completedTask.id)).run_count, 1);
  t.deepEqual(await taskHistory(db, completedTask.id), ['RUNNING:Running', 'COMPLETED:Completed']);
});
