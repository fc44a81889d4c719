// CopyTaskParametersID: background task runs carry their parameters id forward.
import { createTaskRun, forceTaskInto, orchestrationTest, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

test('A deferred task run keeps its parameters id from SCHEDULED through PENDING to RUNNING', async (t) => {
  const parameters = crypto.randomUUID();
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'SCHEDULED', state_details: { deferred: true, task_parameters_id: parameters } }]);
  const pending = await proposeTask(t.context.db, task.id, { type: 'PENDING', state_details: { deferred: true } });
  t.is(pending.state?.state_details['task_parameters_id'], parameters);
  const running = await proposeTask(t.context.db, task.id, { type: 'RUNNING', state_details: { deferred: true } });
  t.is(running.state?.state_details['task_parameters_id'], parameters);
});

test('A task run that is not deferred gets the core policy, which does not copy it', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'SCHEDULED', state_details: { task_parameters_id: crypto.randomUUID() } }]);
  t.is((await proposeTask(t.context.db, task.id, { type: 'PENDING' })).state?.state_details['task_parameters_id'], null);
});
