// SecureFlowConcurrencySlots: a deployment run takes a slot of its deployment's limit on its
// way to PENDING and holds it with a lease; with none free it waits (ENQUEUE) or is
// cancelled (CANCEL_NEW); a proposal turned away later gives its slot back.
import { DEFAULT_SETTINGS } from '../../packages/orchestration/src/index.ts';
import { createFlowRun, flowHistory, forceFlowInto, probeFlow, proposeFlow } from './fixtures.ts';
import { activeSlots, allLeaseIds, concurrencyTest, deploymentRun, leaseIdOf, leaseOf, limitedDeployment } from './deployment-concurrency-fixtures.ts';

const LIMIT_REACHED = 'Deployment concurrency limit reached.';

concurrencyTest('A deployment run takes a slot on PENDING, held by a lease of the server\'s initial duration', async (t, { db, clock, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 2);
  const run = await deploymentRun(db, deploymentId);
  const result = await proposeFlow(db, run, { type: 'PENDING' }, client);
  t.is(result.status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 1);
  const leaseId = result.state?.state_details['deployment_concurrency_lease_id'];
  t.is(typeof leaseId, 'string');
  t.is(await leaseIdOf(db, run), leaseId as string);
  const lease = (await leaseOf(db, run))!;
  t.deepEqual(lease.resource_ids, [limitId]);
  t.deepEqual(lease.metadata, { slots: 1, holder: null });
  t.is(lease.expiration, clock.in(300));
});

concurrencyTest('The lease lasts the deployment\'s grace period, else the configured initial duration', async (t, { db, clock, client }) => {
  const graced = await limitedDeployment(db, 5, { collision_strategy: 'ENQUEUE', grace_period_seconds: 120 });
  const withGrace = await deploymentRun(db, graced.deploymentId);
  await proposeFlow(db, withGrace, { type: 'PENDING' }, client);
  t.is((await leaseOf(db, withGrace))!.expiration, clock.in(120));

  const plain = await limitedDeployment(db, 5, { collision_strategy: 'ENQUEUE', grace_period_seconds: null });
  const withSetting = await deploymentRun(db, plain.deploymentId);
  await proposeFlow(db, withSetting, { type: 'PENDING' }, { ...client, settings: { ...DEFAULT_SETTINGS, initialDeploymentLeaseDurationSeconds: 45 } });
  t.is((await leaseOf(db, withSetting))!.expiration, clock.in(45));
});

concurrencyTest('ENQUEUE: with no slot free the run goes back to SCHEDULED as AwaitingConcurrencySlot, to be tried again later', async (t, { db, clock, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1, { collision_strategy: 'ENQUEUE' });
  const first = await deploymentRun(db, deploymentId);
  const second = await deploymentRun(db, deploymentId);
  t.is((await proposeFlow(db, first, { type: 'PENDING' }, client)).status, 'ACCEPT');

  const result = await proposeFlow(db, second, { type: 'PENDING' }, client);
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: LIMIT_REACHED });
  t.like(result.state, { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot' });
  t.is(result.state?.state_details['scheduled_time'], clock.in(30));
  t.is(result.state?.state_details['deployment_concurrency_lease_id'], null);
  t.is((await allLeaseIds(db)).length, 1);
  t.deepEqual(await flowHistory(db, second), ['SCHEDULED:Scheduled', 'SCHEDULED:AwaitingConcurrencySlot']);
  t.is((await db.repositories.flowRuns.read(second))!.next_scheduled_start_time, clock.in(30));
  t.is(await activeSlots(db, limitId), 1);

  const quick = await proposeFlow(db, second, { type: 'PENDING' }, { ...client, settings: { ...DEFAULT_SETTINGS, deploymentSlotWaitSeconds: 5 } });
  t.is(quick.state?.state_details['scheduled_time'], clock.in(5));
});

concurrencyTest('A deployment without concurrency options enqueues', async (t, { db, client }) => {
  const { deploymentId } = await limitedDeployment(db, 1, null);
  await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  const result = await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  t.like(result.state, { type: 'SCHEDULED', name: 'AwaitingConcurrencySlot' });
});

concurrencyTest('CANCEL_NEW: with no slot free the run is cancelled', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1, { collision_strategy: 'CANCEL_NEW' });
  await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  const second = await deploymentRun(db, deploymentId);
  const result = await proposeFlow(db, second, { type: 'PENDING' }, client);
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: LIMIT_REACHED });
  t.like(result.state, { type: 'CANCELLED', name: 'Cancelled', message: LIMIT_REACHED });
  t.deepEqual(await flowHistory(db, second), ['SCHEDULED:Scheduled', 'CANCELLED:Cancelled']);
  t.is(await activeSlots(db, limitId), 1);
});

concurrencyTest('A limit of 0 aborts rather than deadlock; a run of a deployment that is gone is aborted', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 0);
  const zero = await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  t.is(zero.status, 'ABORT');
  t.deepEqual(zero.details, { type: 'abort_details', reason: 'The deployment concurrency limit is 0. The flow will deadlock if submitted again.' });
  t.is(await activeSlots(db, limitId), 0);

  const orphan = await createFlowRun(db, { deployment_id: crypto.randomUUID() });
  await forceFlowInto(db, orphan.id, [{ type: 'SCHEDULED' }]);
  const gone = await proposeFlow(db, orphan.id, { type: 'PENDING' }, client);
  t.deepEqual(gone.details, { type: 'abort_details', reason: 'Deployment not found.' });
  t.is(gone.state?.type, 'SCHEDULED');
});

concurrencyTest('Runs outside deployments, of unlimited deployments, or from workers that manage slots themselves take none', async (t, { db, client }) => {
  const loose = await createFlowRun(db);
  await forceFlowInto(db, loose.id, [{ type: 'SCHEDULED' }]);
  t.is((await proposeFlow(db, loose.id, { type: 'PENDING' }, client)).status, 'ACCEPT');
  t.is(await leaseIdOf(db, loose.id), null);

  const { flow } = await db.repositories.flows.create({ name: 'unlimited' });
  const { id } = await db.repositories.deployments.upsert({ flow_id: flow.id, name: 'free', values: {}, insertDefaults: {} });
  const free = await deploymentRun(db, id);
  t.is((await proposeFlow(db, free, { type: 'PENDING' }, client)).status, 'ACCEPT');
  t.is(await leaseIdOf(db, free), null);

  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  for (const version of ['3.0.0rc20', '3.0.3']) {
    const run = await deploymentRun(db, deploymentId);
    t.is((await proposeFlow(db, run, { type: 'PENDING' }, { ...client, clientVersion: version })).status, 'ACCEPT');
    t.is(await leaseIdOf(db, run), null);
  }
  t.is(await activeSlots(db, limitId), 0);
});

concurrencyTest('A run already PENDING takes no second slot when it moves to a named PENDING state', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 2);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  const leaseId = await leaseIdOf(db, run);
  const { result, context } = await probeFlow(db, run, { type: 'PENDING', name: 'Submitting', state_details: { deployment_concurrency_lease_id: null } }, client);
  t.is(result.status, 'ACCEPT');
  t.false(context.ruleSignature.includes('SecureFlowConcurrencySlots'));
  t.is(await leaseIdOf(db, run), leaseId);
  t.is(await activeSlots(db, limitId), 1);
});

concurrencyTest('A slot taken for a proposal a later rule turns away is given back, and its lease revoked', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId, [{ type: 'RUNNING' }, { type: 'PAUSED' }]);
  t.is(await activeSlots(db, limitId), 0);
  // HandleResumingPausedFlows refuses PAUSED → PENDING after SecureFlowConcurrencySlots took the slot.
  const { result, context } = await probeFlow(db, run, { type: 'PENDING' }, client);
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: 'This run cannot transition to the StateType.PENDING state from the StateType.PAUSED state.' });
  t.is(result.state?.type, 'PAUSED');
  t.is(result.state?.state_details['deployment_concurrency_lease_id'], null);
  t.true(context.ruleSignature.includes('SecureFlowConcurrencySlots'));
  t.false(context.finalizationSignature.includes('SecureFlowConcurrencySlots'));
  t.is(await activeSlots(db, limitId), 0);
  t.deepEqual(await allLeaseIds(db), []);
  // The slot is free for another run.
  t.is((await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client)).status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 1);
});
