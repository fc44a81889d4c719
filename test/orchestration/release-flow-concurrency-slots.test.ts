// ReleaseFlowConcurrencySlots: a deployment run leaving PENDING, RUNNING or CANCELLING gives
// its slot back and its lease is revoked, forced or not, except when told to retry in process.
import { flowHistory, proposeFlow } from './fixtures.ts';
import { activeSlots, allLeaseIds, concurrencyTest, deploymentRun, leaseIdOf, limitedDeployment, repossess } from './deployment-concurrency-fixtures.ts';

concurrencyTest('Finishing a run gives its slot back and revokes its lease', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  await proposeFlow(db, run, { type: 'RUNNING' }, client);
  t.is(await activeSlots(db, limitId), 1);
  const result = await proposeFlow(db, run, { type: 'COMPLETED' }, client);
  t.is(result.status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 0);
  t.deepEqual(await allLeaseIds(db), []);
  // The finished state still names the lease, as Prefect's does.
  t.not(await leaseIdOf(db, run), null);
  t.is((await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client)).status, 'ACCEPT');
});

concurrencyTest('Every way out of PENDING, RUNNING or CANCELLING gives the slot back, forced ones too', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 4);
  const exits: [string, Parameters<typeof proposeFlow>[2][], boolean][] = [
    ['crashed while pending', [{ type: 'PENDING' }, { type: 'CRASHED' }], false],
    ['rescheduled from pending', [{ type: 'PENDING' }, { type: 'SCHEDULED' }], false],
    ['cancelled after cancelling', [{ type: 'PENDING' }, { type: 'RUNNING' }, { type: 'CANCELLING' }, { type: 'CANCELLED' }], false],
    ['paused while running', [{ type: 'PENDING' }, { type: 'RUNNING' }, { type: 'PAUSED' }], false],
    ['failed by force', [{ type: 'PENDING' }, { type: 'RUNNING' }, { type: 'FAILED' }], true],
  ];
  for (const [what, states, forceLast] of exits) {
    const run = await deploymentRun(db, deploymentId);
    for (const [index, state] of states.entries()) {
      const force = forceLast && index === states.length - 1;
      t.is((await proposeFlow(db, run, state, { ...client, force })).status, 'ACCEPT', what);
    }
    t.is(await activeSlots(db, limitId), 0, what);
  }
  t.deepEqual(await allLeaseIds(db), []);
});

concurrencyTest('Moves between PENDING, RUNNING and CANCELLING, and nullified proposals, keep the slot', async (t, { db, clock, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId, [{ type: 'SCHEDULED', state_details: { scheduled_time: clock.in(60) } }]);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  // Too early to run: told to wait, nothing released.
  t.is((await proposeFlow(db, run, { type: 'RUNNING' }, client)).status, 'WAIT');
  t.is(await activeSlots(db, limitId), 1);
  clock.tick(61);
  for (const type of ['RUNNING', 'CANCELLING'] as const) t.is((await proposeFlow(db, run, { type }, client)).status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 1);
  t.is((await allLeaseIds(db)).length, 1);
});

concurrencyTest('A retry in process keeps the slot and the lease; an AwaitingRetry proposed directly gives them back', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const retried = await deploymentRun(db, deploymentId);
  await db.repositories.flowRuns.update(retried, { empirical_policy: { retries: 1, retry_delay: 0 } });
  for (const type of ['PENDING', 'RUNNING'] as const) await proposeFlow(db, retried, { type }, client);
  const leaseId = await leaseIdOf(db, retried);
  const result = await proposeFlow(db, retried, { type: 'FAILED' }, client);
  t.like(result.state, { type: 'SCHEDULED', name: 'AwaitingRetry' });
  t.is(result.state?.state_details['deployment_concurrency_lease_id'], leaseId);
  t.is(await activeSlots(db, limitId), 1);
  t.deepEqual(await allLeaseIds(db), [leaseId!]);
  t.is((await proposeFlow(db, retried, { type: 'RUNNING' }, client)).status, 'ACCEPT');
  t.is((await proposeFlow(db, retried, { type: 'COMPLETED' }, client)).status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 0);

  const rescheduled = await deploymentRun(db, deploymentId);
  for (const type of ['PENDING', 'RUNNING'] as const) await proposeFlow(db, rescheduled, { type }, client);
  t.is((await proposeFlow(db, rescheduled, { type: 'SCHEDULED', name: 'AwaitingRetry' }, client)).status, 'ACCEPT');
  t.is(await activeSlots(db, limitId), 0);
  t.deepEqual(await allLeaseIds(db), []);
});

concurrencyTest('A run whose lease is gone, or that never had one, gives one slot back on its deployment\'s limit', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 2);
  const repossessed = await deploymentRun(db, deploymentId);
  await proposeFlow(db, repossessed, { type: 'PENDING' }, client);
  const holder = await deploymentRun(db, deploymentId);
  await proposeFlow(db, holder, { type: 'PENDING' }, client);
  await repossess(db, (await leaseIdOf(db, repossessed))!);
  t.is(await activeSlots(db, limitId), 1);
  await proposeFlow(db, repossessed, { type: 'CRASHED' }, client);
  t.is(await activeSlots(db, limitId), 0);

  // Forced into RUNNING: no slot taken, no lease; a slot is given back all the same, never below zero.
  const unleased = await deploymentRun(db, deploymentId, [{ type: 'RUNNING' }]);
  t.is(await leaseIdOf(db, unleased), null);
  await db.repositories.concurrencyLimitsV2.incrementActiveSlots([limitId], 1, { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 });
  await proposeFlow(db, unleased, { type: 'COMPLETED' }, client);
  t.is(await activeSlots(db, limitId), 0);
  await proposeFlow(db, holder, { type: 'CRASHED' }, client);
  t.is(await activeSlots(db, limitId), 0);
  t.deepEqual(await flowHistory(db, unleased), ['RUNNING:Running', 'COMPLETED:Completed']);
});

concurrencyTest('Runs outside deployments release nothing', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  const { run } = await db.repositories.flowRuns.create({ flow_id: (await db.repositories.flows.create({ name: 'loose' })).flow.id, name: 'loose' });
  for (const type of ['PENDING', 'RUNNING', 'COMPLETED'] as const) await proposeFlow(db, run.id, { type }, client);
  t.is(await activeSlots(db, limitId), 1);
});
