// SetStartTime: start_time is when the run first entered RUNNING, and never moves after.
import { Clock, createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('The first RUNNING state sets the start time and later ones keep it', async (t) => {
  const { db } = t.context;
  const clock = new Clock();
  const run = await createFlowRun(db, { empirical_policy: { retries: 1 } });
  await proposeFlow(db, run.id, { type: 'PENDING' }, { now: clock.now });
  t.is((await readFlowRun(db, run.id)).start_time, null);
  clock.tick(5);
  await proposeFlow(db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.is((await readFlowRun(db, run.id)).start_time, '2030-01-01T00:00:05.000000Z');
  clock.tick(5);
  t.is((await proposeFlow(db, run.id, { type: 'FAILED' }, { now: clock.now })).state?.name, 'AwaitingRetry');
  clock.tick(5);
  t.is((await proposeFlow(db, run.id, { type: 'RUNNING' }, { now: clock.now })).status, 'ACCEPT');
  const row = await readFlowRun(db, run.id);
  t.is(row.run_count, 2);
  t.is(row.start_time, '2030-01-01T00:00:05.000000Z');
});
