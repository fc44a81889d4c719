// RemoveResumingIndicator: reaching RUNNING or a terminal state ends "resuming".
import { createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('Entering RUNNING clears the resuming flag', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { resuming: true, retries: 3 } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  const policy = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.is(policy['resuming'], false);
  t.is(policy['retries'], 3);
});

test('Entering a terminal state clears it too, but a non-terminal state keeps it', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { resuming: true } });
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is((await readFlowRun(t.context.db, run.id)).empirical_policy['resuming'], true);
  await proposeFlow(t.context.db, run.id, { type: 'CRASHED' });
  t.is((await readFlowRun(t.context.db, run.id)).empirical_policy['resuming'], false);
});

test('Clients older than API 0.8.4 leave the flag alone', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { resuming: true } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { parameters: { 'api-version': '0.8.3' } });
  t.is((await readFlowRun(t.context.db, run.id)).empirical_policy['resuming'], true);
});
