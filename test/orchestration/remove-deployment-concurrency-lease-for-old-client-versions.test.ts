// RemoveDeploymentConcurrencyLeaseForOldClientVersions: a client too old to renew its lease
// loses the lease (not the slot) once its run starts, so the repossessor cannot take the
// slot mid-run; the slot is given back when the run finishes.
import { proposeFlow } from './fixtures.ts';
import { activeSlots, allLeaseIds, concurrencyTest, deploymentRun, leaseIdOf, limitedDeployment } from './deployment-concurrency-fixtures.ts';

for (const clientVersion of [null, '3.4.10', '3.4.11.dev2']) {
  concurrencyTest(`A client of version ${clientVersion ?? 'unknown'} loses its lease at RUNNING and keeps its slot until it finishes`, async (t, { db, client }) => {
    const { deploymentId, limitId } = await limitedDeployment(db, 1);
    const run = await deploymentRun(db, deploymentId);
    await proposeFlow(db, run, { type: 'PENDING' }, { ...client, clientVersion });
    const leaseId = await leaseIdOf(db, run);
    t.deepEqual(await allLeaseIds(db), [leaseId!]);

    t.is((await proposeFlow(db, run, { type: 'RUNNING' }, { ...client, clientVersion })).status, 'ACCEPT');
    t.deepEqual(await allLeaseIds(db), []);
    t.is(await activeSlots(db, limitId), 1);
    // The state still names the lease; its slot is given back on the deployment's limit.
    t.is(await leaseIdOf(db, run), leaseId);
    t.is((await proposeFlow(db, run, { type: 'COMPLETED' }, { ...client, clientVersion })).status, 'ACCEPT');
    t.is(await activeSlots(db, limitId), 0);
  });
}

concurrencyTest('Cancelling a PENDING run of an old client revokes its lease too', async (t, { db, client }) => {
  const { deploymentId, limitId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  t.is((await proposeFlow(db, run, { type: 'CANCELLING' }, { ...client, clientVersion: '3.1.0' })).status, 'ACCEPT');
  t.deepEqual(await allLeaseIds(db), []);
  t.is(await activeSlots(db, limitId), 1);
});

concurrencyTest('Clients from 3.4.11 on keep their lease', async (t, { db, client }) => {
  const { deploymentId } = await limitedDeployment(db, 3);
  for (const clientVersion of ['3.4.11', '3.4.11+local', '3.9.1']) {
    const run = await deploymentRun(db, deploymentId);
    await proposeFlow(db, run, { type: 'PENDING' }, { ...client, clientVersion });
    await proposeFlow(db, run, { type: 'RUNNING' }, { ...client, clientVersion });
    t.deepEqual(await allLeaseIds(db), [(await leaseIdOf(db, run))!]);
    await proposeFlow(db, run, { type: 'COMPLETED' }, { ...client, clientVersion });
  }
});
