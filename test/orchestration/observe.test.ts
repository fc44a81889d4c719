// The observer of answered proposals (the API's metrics): told once per proposal, after
// commit, with the run type, the state left, the state proposed and the status.
import type { OrchestratedTransition } from '@prefect-server-ts/orchestration';
import { createFlowRun, createTaskRun, forceFlowInto, orchestrationTest, proposeFlow, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

function recorder() {
  const seen: OrchestratedTransition[] = [];
  return { seen, observe: (transition: OrchestratedTransition) => void seen.push(transition) };
}

test('an accepted and a refused flow run proposal are each reported once, with their status', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED' }]);
  const { seen, observe } = recorder();
  t.is((await proposeFlow(t.context.db, run.id, { type: 'PENDING' }, { observe })).status, 'ACCEPT');
  const second = await proposeFlow(t.context.db, run.id, { type: 'PENDING' }, { observe });
  t.deepEqual(seen, [
    { runType: 'flow_run', from: 'SCHEDULED', to: 'PENDING', status: 'ACCEPT' },
    { runType: 'flow_run', from: 'PENDING', to: 'PENDING', status: second.status },
  ]);
  t.not(second.status, 'ACCEPT');
});

test('a task run without a state reports from null; a proposal that cannot be written reports ABORT', async (t) => {
  const task = await createTaskRun(t.context.db);
  const { seen, observe } = recorder();
  const at = '2030-01-01T00:00:00.000000Z';
  await proposeTask(t.context.db, task.id, { type: 'PENDING', timestamp: at }, { observe });
  const result = await proposeTask(t.context.db, task.id, { type: 'RUNNING', timestamp: at }, { observe });
  t.is(result.status, 'ABORT');
  t.deepEqual(seen, [
    { runType: 'task_run', from: null, to: 'PENDING', status: 'ACCEPT' },
    { runType: 'task_run', from: 'PENDING', to: 'RUNNING', status: 'ABORT' },
  ]);
});

test('a proposal for a run that does not exist reports nothing', async (t) => {
  const { seen, observe } = recorder();
  await t.throwsAsync(proposeFlow(t.context.db, crypto.randomUUID(), { type: 'PENDING' }, { observe }));
  t.deepEqual(seen, []);
});
