// WaitForScheduledTime: RUNNING before the scheduled time is told to wait.
import { delaySecondsUntil } from '../../packages/orchestration/src/rules/wait-for-scheduled-time.ts';
import { Clock, createFlowRun, createTaskRun, flowHistory, forceFlowInto, forceTaskInto, orchestrationTest, proposeFlow, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

test('A flow run starting 90.4 seconds early is told to wait 90 seconds, and nothing is written', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: clock.in(90.4) } }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.is(result.status, 'WAIT');
  t.deepEqual(result.details, { type: 'wait_details', delay_seconds: 90, reason: 'Scheduled time is in the future' });
  t.is(result.state?.type, 'SCHEDULED');
  t.deepEqual(await flowHistory(t.context.db, run.id), ['SCHEDULED:Scheduled']);
});

test('The scheduled time carried onto PENDING is waited for too', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'PENDING', state_details: { scheduled_time: clock.in(30) } }]);
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
  t.is(result.details.type === 'wait_details' && result.details.delay_seconds, 30);
  clock.tick(30);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now })).status, 'ACCEPT');
});

test('A flow run at or past its scheduled time starts', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: clock.in(0.4) } }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now })).status, 'ACCEPT');
});

test('Delays round like Prefect: whole seconds plus the fraction rounded half to even', (t) => {
  const now = '2030-01-01T00:00:00.000000Z';
  t.is(delaySecondsUntil('2030-01-01T00:00:00.600000Z', now), 1);
  t.is(delaySecondsUntil('2030-01-01T00:00:01.500000Z', now), 1);
  t.is(delaySecondsUntil('2030-01-01T00:00:02.500000Z', now), 2);
  t.is(delaySecondsUntil('2030-01-01T00:00:02.500001Z', now), 3);
  t.is(delaySecondsUntil('2029-12-31T23:59:59.700000Z', now), 0);
});
