// RenameReruns: task runs entering RUNNING again are named "Rerunning" (or "Retrying").
import { createTaskRun, forceTaskInto, orchestrationTest, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

test('A task run that already ran and enters RUNNING again is named "Rerunning"', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'RUNNING' }, { type: 'PENDING' }]);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' })).state?.name, 'Rerunning');
});

test('Coming from AwaitingRetry it is named "Retrying"', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'RUNNING' }, { type: 'SCHEDULED', name: 'AwaitingRetry' }]);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' })).state?.name, 'Retrying');
});

test('A first run keeps its name', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'PENDING' }]);
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING', name: 'Going' })).state?.name, 'Going');
});
