// SetRunStateName: the run's state_name follows the state actually written, after rules.
import { createFlowRun, forceFlowInto, orchestrationTest, probeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('The run takes the name of the state written, including one a rule substituted', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { retries: 1 } });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  const { result, context } = await probeFlow(t.context.db, run.id, { type: 'FAILED' });
  t.is(result.status, 'REJECT');
  t.is(context.run.state_name, 'AwaitingRetry');
  t.is((await readFlowRun(t.context.db, run.id)).state_name, 'AwaitingRetry');
});

test('A proposed custom name is kept', async (t) => {
  const run = await createFlowRun(t.context.db);
  const { context } = await probeFlow(t.context.db, run.id, { type: 'PENDING', name: 'Submitting' });
  t.is(context.run.state_name, 'Submitting');
});
