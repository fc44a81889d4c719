// SetEndTime: end_time is when the run entered a terminal state; leaving one (by force)
// clears it; a run that ends without running gets its start time too.
import { Clock, createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('Entering a terminal state sets the end time', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick(3);
  await proposeFlow(t.context.db, run.id, { type: 'COMPLETED' }, { now: clock.now });
  const row = await readFlowRun(t.context.db, run.id);
  t.is(row.start_time, '2030-01-01T00:00:00.000000Z');
  t.is(row.end_time, '2030-01-01T00:00:03.000000Z');
});

test('A run that fails before it ever ran gets a start time equal to its end time', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' }, { now: clock.now });
  clock.tick(2);
  await proposeFlow(t.context.db, run.id, { type: 'FAILED' }, { now: clock.now });
  const row = await readFlowRun(t.context.db, run.id);
  t.is(row.start_time, '2030-01-01T00:00:02.000000Z');
  t.is(row.end_time, '2030-01-01T00:00:02.000000Z');
});

test('Leaving a terminal state for a non-terminal one clears the end time, and a second terminal state sets it anew', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  await proposeFlow(t.context.db, run.id, { type: 'FAILED' }, { now: clock.now });
  clock.tick();
  t.is((await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now, force: true })).status, 'ACCEPT');
  t.is((await readFlowRun(t.context.db, run.id)).end_time, null);
  clock.tick();
  await proposeFlow(t.context.db, run.id, { type: 'COMPLETED' }, { now: clock.now });
  t.is((await readFlowRun(t.context.db, run.id)).end_time, '2030-01-01T00:00:03.000000Z');
});
