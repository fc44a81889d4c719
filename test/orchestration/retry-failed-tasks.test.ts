// RetryFailedTasks: failing task runs with retries left await a retry after their delay.
import { Clock, createTaskRun, orchestrationTest, proposeTask, readTaskRun, taskHistory } from './fixtures.ts';
import { toMicros } from '../../packages/orchestration/src/time.ts';

const test = orchestrationTest();

test('A task with one retry is retried once, with its configured delay, then fails', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 1, retry_delay: 5 } });
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  const retry = await proposeTask(t.context.db, task.id, { type: 'FAILED', message: 'oops' }, { now: clock.now });
  t.deepEqual(retry.details, { type: 'reject_details', reason: 'Retrying' });
  t.is(retry.state?.name, 'AwaitingRetry');
  t.is(retry.state?.message, 'oops');
  t.is(retry.state?.state_details['scheduled_time'], '2030-01-01T00:00:06.000000Z');
  clock.tick(5);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now })).state?.name, 'Retrying');
  clock.tick();
  t.is((await proposeTask(t.context.db, task.id, { type: 'FAILED' }, { now: clock.now })).status, 'ACCEPT');
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 2);
  t.deepEqual(await taskHistory(t.context.db, task.id), ['RUNNING:Running', 'SCHEDULED:AwaitingRetry', 'RUNNING:Retrying', 'FAILED:Failed']);
});

test('A list of delays gives one delay per attempt, the last one repeating', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 3, retry_delay: [1, 10] } });
  const delays: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
    clock.tick();
    const failed = await proposeTask(t.context.db, task.id, { type: 'FAILED' }, { now: clock.now });
    delays.push((toMicros(String(failed.state?.state_details['scheduled_time'])) - toMicros(clock.now())) / 1e6);
    clock.tick(60);
  }
  t.deepEqual(delays, [1, 10, 10]);
});

test('Jitter keeps the delay within the clamped range', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 1, retry_delay: 100, retry_jitter_factor: 0.5 } });
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  const failed = await proposeTask(t.context.db, task.id, { type: 'FAILED' }, { now: clock.now });
  const delay = (toMicros(String(failed.state?.state_details['scheduled_time'])) - toMicros(clock.now())) / 1e6;
  t.true(delay > 0 && delay <= 150, `delay ${delay}`);
});

test('A failure marked not retriable fails at once', async (t) => {
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 3 } });
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  const result = await proposeTask(t.context.db, task.id, { type: 'FAILED', state_details: { retriable: false } });
  t.is(result.status, 'ACCEPT');
  t.is(result.state?.type, 'FAILED');
});

test('The deprecated max_retries field still grants retries', async (t) => {
  const task = await createTaskRun(t.context.db, { empirical_policy: { max_retries: 1 } });
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is((await proposeTask(t.context.db, task.id, { type: 'FAILED' })).state?.name, 'AwaitingRetry');
});
