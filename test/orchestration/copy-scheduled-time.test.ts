// CopyScheduledTime: PENDING inherits the scheduled time of the SCHEDULED state before it.
import { createFlowRun, createTaskRun, forceFlowInto, forceTaskInto, orchestrationTest, proposeFlow, proposeTask } from './fixtures.ts';

const test = orchestrationTest();

test('A flow run PENDING state copies the scheduled time', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: '2021-03-04T05:06:07.000008Z' } }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.state?.state_details['scheduled_time'], '2021-03-04T05:06:07.000008Z');
});

test('A PENDING state that proposes its own scheduled time keeps it', async (t) => {
  const task = await createTaskRun(t.context.db);
  await forceTaskInto(t.context.db, task.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: '2021-03-04T05:06:07Z' } }]);
  const result = await proposeTask(t.context.db, task.id, { type: 'PENDING', state_details: { scheduled_time: '2022-01-01T00:00:00Z' } });
  t.is(result.state?.state_details['scheduled_time'], '2022-01-01T00:00:00.000000Z');
});

test('A PENDING state after something other than SCHEDULED gets no scheduled time', async (t) => {
  const run = await createFlowRun(t.context.db);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.state?.state_details['scheduled_time'], null);
});
