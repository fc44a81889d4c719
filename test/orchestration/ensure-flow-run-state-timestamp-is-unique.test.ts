// EnsureFlowRunStateTimestampIsUnique: colliding state timestamps move to the next free microsecond.
import { Clock, createFlowRun, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

test('States proposed at the same instant are written one microsecond apart', async (t) => {
  const clock = new Clock('2030-01-01T00:00:00.999999Z');
  const run = await createFlowRun(t.context.db);
  const now = clock.now;
  await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED' }, { now });
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' }, { now });
  const running = await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now });
  t.is(running.status, 'ACCEPT');
  const timestamps = (await t.context.db.repositories.flowRuns.readStates(run.id)).map((s) => s.timestamp);
  t.deepEqual(timestamps, ['2030-01-01T00:00:00.999999Z', '2030-01-01T00:00:01.000000Z', '2030-01-01T00:00:01.000001Z']);
});

test('A backdated state that collides moves just past the collision, not to the present', async (t) => {
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'PENDING', timestamp: '2020-01-01T00:00:00.000000Z' });
  const result = await proposeFlow(t.context.db, run.id, { type: 'RUNNING', timestamp: '2020-01-01T00:00:00.000000Z' });
  t.is(result.state?.timestamp, '2020-01-01T00:00:00.000001Z');
});

test('The first state of a run is written at its proposed timestamp', async (t) => {
  const run = await createFlowRun(t.context.db);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING', timestamp: '2020-01-01T00:00:00.000000Z' });
  t.is(result.state?.timestamp, '2020-01-01T00:00:00.000000Z');
});
