// HandlePausingFlows: who may pause or suspend, once per pause key.
import { createFlowRun, createTaskRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

test('A running flow run pauses and its pause key is recorded', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: 'approval' } });
  t.is(result.status, 'ACCEPT');
  t.deepEqual((await readFlowRun(t.context.db, run.id)).empirical_policy['pause_keys'], ['approval']);
});

test('A pause without a key records a generated one', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  await proposeFlow(t.context.db, run.id, { type: 'PAUSED' });
  const keys = (await readFlowRun(t.context.db, run.id)).empirical_policy['pause_keys'] as string[];
  t.is(keys.length, 1);
  t.regex(keys[0] ?? '', /^[0-9a-f-]{36}$/);
});

test('A pause whose key already fired is rejected and the run keeps running', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { pause_keys: ['approval'] } });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: 'approval' } });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'This pause has already fired.' });
  t.is(result.state?.type, 'RUNNING');
});

test('Only running flow runs may pause; a run with no state cannot even be rejected', async (t) => {
  const pending = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, pending.id, [{ type: 'PENDING' }]);
  const notRunning = await proposeFlow(t.context.db, pending.id, { type: 'PAUSED', name: 'Suspended' });
  t.deepEqual(notRunning.details, { type: 'reject_details', reason: 'Cannot suspend flows that are not currently running.' });
  t.deepEqual((await readFlowRun(t.context.db, pending.id)).empirical_policy, {});

  const fresh = await createFlowRun(t.context.db);
  const noState = await proposeFlow(t.context.db, fresh.id, { type: 'PAUSED' });
  t.deepEqual(noState, { status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot pause flows with no state.' }, state: null });
  t.deepEqual(await flowHistory(t.context.db, fresh.id), []);
});

test('Suspending needs a deployment and a top-level run, and a refused suspend records no key', async (t) => {
  const adHoc = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, adHoc.id, [{ type: 'RUNNING' }]);
  const suspend = { type: 'PAUSED' as const, name: 'Suspended', state_details: { pause_reschedule: true, pause_key: 's' } };
  t.deepEqual((await proposeFlow(t.context.db, adHoc.id, suspend)).details, { type: 'abort_details', reason: 'Cannot suspend flows without a deployment.' });
  t.deepEqual((await readFlowRun(t.context.db, adHoc.id)).empirical_policy, {});

  const tracker = await createTaskRun(t.context.db);
  const subflow = await createFlowRun(t.context.db, { parent_task_run_id: tracker.id, deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, subflow.id, [{ type: 'RUNNING' }]);
  t.deepEqual((await proposeFlow(t.context.db, subflow.id, suspend)).details, { type: 'abort_details', reason: 'Cannot suspend subflows.' });

  const deployed = await createFlowRun(t.context.db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(t.context.db, deployed.id, [{ type: 'RUNNING' }]);
  t.is((await proposeFlow(t.context.db, deployed.id, suspend)).status, 'ACCEPT');
  t.deepEqual((await readFlowRun(t.context.db, deployed.id)).empirical_policy['pause_keys'], ['s']);
});

test('A pause with a run input keyset drops inputs left under its keys, and only those', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  const { flowRunInputs } = t.context.db.repositories;
  for (const key of ['paused-1-schema', 'paused-1-response', 'paused-1-description', 'paused-2-response', 'int-auto-1']) {
    await flowRunInputs.create({ flow_run_id: run.id, key, value: 'old' });
  }
  const keyset = { description: 'paused-1-description', response: 'paused-1-response', schema: 'paused-1-schema' };
  const result = await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: '1', run_input_keyset: keyset } });
  t.is(result.status, 'ACCEPT');
  const left = await flowRunInputs.filter(run.id, { prefix: '', limit: -1 });
  t.deepEqual(left.map((input) => input.key), ['paused-2-response', 'int-auto-1']);
});

test('A pause refused because its key already fired keeps the inputs under its keyset', async (t) => {
  const run = await createFlowRun(t.context.db, { empirical_policy: { pause_keys: ['1'] } });
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  await t.context.db.repositories.flowRunInputs.create({ flow_run_id: run.id, key: 'paused-1-response', value: '{"x": 1}' });
  const keyset = { description: 'paused-1-description', response: 'paused-1-response', schema: 'paused-1-schema' };
  const result = await proposeFlow(t.context.db, run.id, { type: 'PAUSED', state_details: { pause_key: '1', run_input_keyset: keyset } });
  t.is(result.status, 'REJECT');
  t.is((await t.context.db.repositories.flowRunInputs.read(run.id, 'paused-1-response'))?.value, '{"x": 1}');
});
