// HandleResumingPausedFlows: where a PAUSED flow run may go, its timeout, and the resuming flag.
import { Clock, createFlowRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('A paused flow run cannot go back to PENDING, and is still marked resuming as Prefect does', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'This run cannot transition to the StateType.PENDING state from the StateType.PAUSED state.' });
  t.is(result.state?.type, 'PAUSED');
  t.is((await readFlowRun(t.context.db, run.id)).empirical_policy['resuming'], true);
});

test('Resuming to RUNNING marks the run resuming and does not count a new attempt', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { pause_keys: ['k'] } });
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: 'x' } });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'RUNNING' })).status, 'ACCEPT');
  const row = await readFlowRun(t.context.db, run.id);
  t.is(row.empirical_policy['resuming'], true);
  t.deepEqual(row.empirical_policy['pause_keys'], ['k', 'x']);
});

test('A pause past its timeout fails the run instead of resuming it', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED', state_details: { pause_timeout: clock.in(60) } }], clock);
  clock.tick(120);
  const result = await proposeFlow(t.context.db, run.id, { type: 'RUNNING' }, { now: clock.now });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'The flow run pause has timed out and can no longer resume.' });
  t.is(result.state?.type, 'FAILED');
  t.is(result.state?.message, 'The flow was running and never resumed.');
  t.deepEqual(await flowHistory(t.context.db, run.id), ['RUNNING:Running', 'PAUSED:Paused', 'FAILED:Failed']);
});

test('Cancellation reaches a blocking pause even after its timeout', async (t) => {
  const clock = new Clock();
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED', state_details: { pause_timeout: clock.in(1) } }], clock);
  clock.tick(60);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'CANCELLING' }, { now: clock.now })).state?.type, 'CANCELLING');
});

test('A suspended run without a deployment cannot be rescheduled', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', name: 'Resuming' });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Cannot reschedule a resuming flow run without a deployment.' });
});

test('Leaving a blocking pause for SCHEDULED starts a fresh attempt: pause keys clear, retry type is reschedule', async (t) => {
  const run = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: 'p' } });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED' })).status, 'ACCEPT');
  const policy = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.deepEqual([policy['pause_keys'], policy['resuming'], policy['retry_type']], [[], false, 'reschedule']);
});

test('Leaving a suspension for SCHEDULED keeps the fired pause keys and marks the run resuming', async (t) => {
  const run = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  await proposeFlow(t.context.db, run.id, { type: 'PAUSED', name: 'Suspended', state_details: { pause_key: 's', pause_reschedule: true } });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', name: 'Resuming' })).status, 'ACCEPT');
  const policy = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.deepEqual([policy['pause_keys'], policy['resuming']], [['s'], true]);
});
