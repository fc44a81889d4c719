// ValidateDeploymentConcurrencyAtRunning: starting RUNNING renews the run's lease; a lease
// repossessed while the infrastructure started is taken again if a slot is free, or the
// run is cancelled. Clients too old to renew leases are not checked.
import { DEFAULT_SETTINGS } from '../../packages/orchestration/src/index.ts';
import { flowHistory, proposeFlow } from './fixtures.ts';
import { activeSlots, concurrencyTest, deploymentRun, leaseIdOf, leaseOf, limitedDeployment, repossess } from './deployment-concurrency-fixtures.ts';

concurrencyTest('Starting RUNNING renews the lease for the lease duration and keeps its id', async (t, { db, clock, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1, { collision_strategy: 'ENQUEUE', grace_period_seconds: 600 });
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  const leaseId = await leaseIdOf(db, run);
  clock.tick(200);
  const result = await proposeFlow(db, run, { type: 'RUNNING', state_details: { deployment_concurrency_lease_id: null } }, client);
  t.is(result.status, 'ACCEPT');
  t.is(result.state?.state_details['deployment_concurrency_lease_id'], leaseId);
  t.is((await leaseOf(db, run))!.expiration, clock.in(600));
  t.is(await activeSlots(db, limitId), 1);
});

concurrencyTest('A repossessed lease is replaced by a new one held by the run when a slot is free', async (t, { db, clock, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  const lost = (await leaseIdOf(db, run))!;
  await repossess(db, lost);
  t.is(await activeSlots(db, limitId), 0);

  const result = await proposeFlow(db, run, { type: 'RUNNING' }, { ...client, settings: { ...DEFAULT_SETTINGS, initialDeploymentLeaseDurationSeconds: 90 } });
  t.is(result.status, 'ACCEPT');
  const renewed = (await leaseOf(db, run))!;
  t.not(renewed.id, lost);
  t.deepEqual(renewed.metadata, { slots: 1, holder: { type: 'flow_run', id: run } });
  t.deepEqual(renewed.resource_ids, [limitId]);
  t.is(renewed.expiration, clock.in(90));
  t.is(await activeSlots(db, limitId), 1);
});

concurrencyTest('A repossessed lease with no slot free cancels the run, whose infrastructure cannot wait', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  await repossess(db, (await leaseIdOf(db, run))!);
  const other = await deploymentRun(db, deploymentId);
  t.is((await proposeFlow(db, other, { type: 'PENDING' }, client)).status, 'ACCEPT');

  const result = await proposeFlow(db, run, { type: 'RUNNING' }, client);
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Deployment concurrency limit reached after lease expiry.' });
  t.like(result.state, {
    type: 'CANCELLED',
    message: 'Deployment concurrency slot lost during provisioning - no slots available to continue execution',
  });
  t.deepEqual(await flowHistory(db, run), ['SCHEDULED:Scheduled', 'PENDING:Pending', 'CANCELLED:Cancelled']);
  // As in Prefect, leaving PENDING gives back a slot on the deployment's limit for a lease
  // that is gone, though the repossessor already did: the other run's lease outlives its count.
  t.is(await activeSlots(db, limitId), 0);
  t.not(await leaseOf(db, other), null);
});

concurrencyTest('Clients older than 3.4.11, or that send no version, are not checked', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  for (const clientVersion of [null, '3.4.10', '3.4.11rc1']) {
    const run = await deploymentRun(db, deploymentId);
    await proposeFlow(db, run, { type: 'PENDING' }, client);
    const leaseId = await leaseIdOf(db, run);
    await repossess(db, leaseId!);
    const result = await proposeFlow(db, run, { type: 'RUNNING' }, { ...client, clientVersion });
    t.is(result.status, 'ACCEPT');
    t.is(result.state?.state_details['deployment_concurrency_lease_id'], leaseId);
    t.is(await activeSlots(db, limitId), 0);
    await proposeFlow(db, run, { type: 'COMPLETED' }, { ...client, clientVersion });
  }
});
