// SetRunStateType: the run's state_type follows the state being written.
import { createFlowRun, forceFlowInto, orchestrationTest, probeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('The run takes the type of the state being written', async (t) => {
  const run = await createFlowRun(t.context.db);
  const { result, context } = await probeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.status, 'ACCEPT');
  t.is(context.run.state_type, 'PENDING');
  t.is((await readFlowRun(t.context.db, run.id)).state_type, 'PENDING');
});

test('A nullified proposal leaves the run\'s state type as it was', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  const { result, context } = await probeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.status, 'ABORT');
  t.is(context.run.state_type, 'RUNNING');
  t.true(context.ruleSignature.includes('SetRunStateType'));
});
