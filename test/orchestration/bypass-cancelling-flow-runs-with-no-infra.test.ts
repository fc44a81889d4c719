// BypassCancellingFlowRunsWithNoInfra: nothing to tear down means straight to CANCELLED.
import { createFlowRun, forceFlowInto, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

test('Cancelling a scheduled run with no infrastructure cancels it at once', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'CANCELLING' });
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Scheduled flow run has no infrastructure to terminate.' });
  t.is(result.state?.type, 'CANCELLED');
  t.is(result.state?.name, 'Cancelled');
});

test('A scheduled run with an infrastructure process goes through CANCELLING', async (t) => {
  const run = await createFlowRun(t.context.db);
  await t.context.db.repositories.flowRuns.update(run.id, { infrastructure_pid: '4242' });
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'CANCELLING' });
  t.is(result.status, 'ACCEPT');
  t.is(result.state?.type, 'CANCELLING');
});

test('A suspended run is cancelled at once, and applies even to forced proposals', async (t) => {
  const run = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'CANCELLING' }, { force: true });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Suspended flow run has no infrastructure to terminate.' });
  t.is(result.state?.type, 'CANCELLED');
});

test('A blocking pause keeps its process, so it goes through CANCELLING', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED' }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'CANCELLING' })).state?.type, 'CANCELLING');
});
