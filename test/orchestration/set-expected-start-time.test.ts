// SetExpectedStartTime: a run's expected start is its first scheduled time, or the
// timestamp of its first state when that is not SCHEDULED; it is set only once.
import { Clock, createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('A first SCHEDULED state sets the expected start time to its scheduled time', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', state_details: { scheduled_time: clock.in(600) } }, { now: clock.now });
  t.is((await readFlowRun(t.context.db, run.id)).expected_start_time, '2030-01-01T00:10:00.000000Z');
});

test('A first state of another type sets it to that state\'s timestamp, and later states leave it', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' }, { now: clock.now });
  clock.tick(30);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.is((await readFlowRun(t.context.db, run.id)).expected_start_time, '2030-01-01T00:00:00.000000Z');
});

test('A run created with an expected start time keeps it', async (t) => {
  const run = await createFlowRun(t.context.db, { expected_start_time: '2040-01-01T00:00:00.000000Z' });
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is((await readFlowRun(t.context.db, run.id)).expected_start_time, '2040-01-01T00:00:00.000000Z');
});
