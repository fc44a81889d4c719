// HandleFlowTerminalStateTransitions: what a flow run in a terminal state may still become.
import { createFlowRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();
const persisted = { type: 'reference', storage_key: '/results/abc' };

for (const type of ['CANCELLING', 'PAUSED', 'CRASHED'] as const) {
  test(`A FAILED flow run cannot be made ${type}`, async (t) => {
    const run = await createFlowRun(t.context.db);
    await forceFlowInto(t.context.db, run.id, [{ type: 'FAILED' }]);
    const result = await proposeFlow(t.context.db, run.id, { type });
    t.is(result.status, 'ABORT');
    t.deepEqual(result.details, { type: 'abort_details', reason: 'Run is already in terminal state FAILED.' });
    t.is(result.state?.type, 'FAILED');
    t.deepEqual(await flowHistory(t.context.db, run.id), ['FAILED:Failed']);
  });
}

test('A flow run COMPLETED with a persisted result cannot be rerun', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'COMPLETED', data: persisted }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'RUNNING' });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Run is already COMPLETED.' });
  t.is(result.state?.type, 'COMPLETED');
  t.deepEqual(result.state?.data, persisted);
});

test('A persisted COMPLETED result cannot be overwritten by a COMPLETED state without one', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'COMPLETED', data: persisted }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'COMPLETED', data: { type: 'unpersisted' } });
  t.is(result.status, 'REJECT');
  t.is(result.details.type === 'reject_details' && result.details.reason, 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
});

test('A COMPLETED flow run without a persisted result may rerun, and its pause bookkeeping resets', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { pause_keys: ['a'], resuming: true, retry_type: 'in_process', retries: 2 } });
  await forceFlowInto(t.context.db, run.id, [{ type: 'COMPLETED', data: { type: 'unpersisted' } }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'RUNNING' })).status, 'ACCEPT');
  const policy = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.deepEqual(policy, { max_retries: 0, retry_delay_seconds: 0, retries: 2, retry_delay: null, pause_keys: [], resuming: false, retry_type: null });
});

test('A terminal flow run without a deployment cannot be rescheduled', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'CANCELLED' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED' });
  t.deepEqual(result.details, { type: 'abort_details', reason: 'Cannot reschedule a run without an associated deployment.' });
});

test('A terminal deployment run rescheduled is marked as a reschedule retry', async (t) => {
  const run = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, run.id, [{ type: 'CRASHED' }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED' })).status, 'ACCEPT');
  t.is((await readFlowRun(t.context.db, run.id)).empirical_policy['retry_type'], 'reschedule');
});

test('When a later rule aborts the transition the pause bookkeeping it reset is restored', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { pause_keys: ['a'], retry_type: 'in_process' } });
  await forceFlowInto(t.context.db, run.id, [{ type: 'CANCELLED' }]);
  const before = (await readFlowRun(t.context.db, run.id)).empirical_policy;
  t.deepEqual(before['pause_keys'], ['a']);
  // PreventPendingTransitions aborts CANCELLED → PENDING after this rule reset the policy.
  const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.is(result.status, 'ABORT');
  t.deepEqual((await readFlowRun(t.context.db, run.id)).empirical_policy, before);
});
