// IncrementRunTime: total_run_time sums the seconds spent in RUNNING, over every period.
import { Clock, createFlowRun, createTaskRun, orchestrationTest, proposeFlow, proposeTask, readFlowRun, readTaskRun } from './fixtures.ts';

const test = orchestrationTest();

test('Time in RUNNING accumulates across a pause, and time paused does not count', async (t) => {
  const { db } = t.context;
  const clock = new Clock();
  const now = clock.now;
  const run = await createFlowRun(db);
  await proposeFlow(db, run.id, { type: 'RUNNING' }, { now });
  clock.tick(3.25);
  t.is((await proposeFlow(db, run.id, { type: 'PAUSED' }, { now })).status, 'ACCEPT');
  t.is((await readFlowRun(db, run.id)).total_run_time, 3.25);
  clock.tick(100);
  await proposeFlow(db, run.id, { type: 'RUNNING' }, { now });
  clock.tick(2.000001);
  await proposeFlow(db, run.id, { type: 'COMPLETED' }, { now });
  t.is((await readFlowRun(db, run.id)).total_run_time, 5.250001);
});

test('Task runs accumulate run time the same way', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick(1.5);
  await proposeTask(t.context.db, task.id, { type: 'COMPLETED' }, { now: clock.now });
  t.is((await readTaskRun(t.context.db, task.id)).total_run_time, 1.5);
});
