// SetNextScheduledStartTime: set while SCHEDULED (to the scheduled time), cleared on leaving.
import { Clock, createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('Entering SCHEDULED sets the next scheduled start time and leaving it clears it', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db, { empirical_policy: { retries: 1, retry_delay: 20 } });
  await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', state_details: { scheduled_time: clock.in(-5) } }, { now: clock.now });
  t.is((await readFlowRun(t.context.db, run.id)).next_scheduled_start_time, '2029-12-31T23:59:55.000000Z');
  clock.tick();
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.is((await readFlowRun(t.context.db, run.id)).next_scheduled_start_time, null);
  clock.tick();
  t.is((await proposeFlow(t.context.db, run.id, { type: 'FAILED' }, { now: clock.now })).state?.name, 'AwaitingRetry');
  t.is((await readFlowRun(t.context.db, run.id)).next_scheduled_start_time, '2030-01-01T00:00:22.000000Z');
});
