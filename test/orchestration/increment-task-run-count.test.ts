// IncrementTaskRunCount: each entry of a task run into RUNNING counts.
import { createTaskRun, orchestrationTest, proposeTask, readTaskRun } from './fixtures.ts';

const test = orchestrationTest();

test('Each entry into RUNNING increments the task run count, and other states do not', async (t) => {
  const task = await createTaskRun(t.context.db, { empirical_policy: { retries: 1 } });
  await proposeTask(t.context.db, task.id, { type: 'PENDING' });
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 0);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 1);
  t.is((await proposeTask(t.context.db, task.id, { type: 'FAILED' })).state?.name, 'AwaitingRetry');
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 1);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  t.is((await readTaskRun(t.context.db, task.id)).run_count, 2);
});
