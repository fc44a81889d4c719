// SetRunStateTimestamp: the run's state_timestamp is the written state's timestamp.
import { Clock, createFlowRun, orchestrationTest, probeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('The run takes the timestamp of the state written', async (t) => {
  const clock = new Clock('2031-05-06T07:08:09.123456Z');
  const run = await createFlowRun(t.context.db);
  const { result, context } = await probeFlow(t.context.db, run.id, { type: 'PENDING' }, { now: clock.now });
  t.is(result.state?.timestamp, '2031-05-06T07:08:09.123456Z');
  t.is(context.run.state_timestamp, '2031-05-06T07:08:09.123456Z');
  t.is((await readFlowRun(t.context.db, run.id)).state_timestamp, '2031-05-06T07:08:09.123456Z');
});

test('A proposal\'s own timestamp is used when given', async (t) => {
  const run = await createFlowRun(t.context.db);
  const { context } = await probeFlow(t.context.db, run.id, { type: 'PENDING', timestamp: '2029-01-01T00:00:00+01:00' });
  t.is(context.run.state_timestamp, '2028-12-31T23:00:00.000000Z');
});
