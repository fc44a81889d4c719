// IncrementFlowRunCount: each entry into RUNNING counts, except resuming from a pause.
import { createFlowRun, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('Each entry into RUNNING increments the flow run count', async (t) => {
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is((await readFlowRun(t.context.db, run.id)).run_count, 0);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.is((await readFlowRun(t.context.db, run.id)).run_count, 1);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.is((await readFlowRun(t.context.db, run.id)).run_count, 2);
});

test('A run resuming from a pause does not count the entry', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { resuming: true } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.is((await readFlowRun(t.context.db, run.id)).run_count, 0);
});

test('Clients older than API 0.8.4 count resumed entries too', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { resuming: true } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { parameters: { 'api-version': '0.8.3' } });
  t.is((await readFlowRun(t.context.db, run.id)).run_count, 1);
});
