// EnforceDeploymentConcurrencyOnLate: a run about to be marked Late is cancelled instead when
// its deployment uses CANCEL_NEW and its limit is full.
import { flowHistory, proposeFlow } from './fixtures.ts';
import { concurrencyTest, deploymentRun, limitedDeployment } from './deployment-concurrency-fixtures.ts';

const LATE = { type: 'SCHEDULED', name: 'Late' } as const;

concurrencyTest('CANCEL_NEW with a full limit: the late run is cancelled', async (t, { db, client }) => {
  const { deploymentId } = await limitedDeployment(db, 1, { collision_strategy: 'CANCEL_NEW' });
  await proposeFlow(db, await deploymentRun(db, deploymentId), { type: 'PENDING' }, client);
  const late = await deploymentRun(db, deploymentId);
  const result = await proposeFlow(db, late, LATE, { policy: 'mark-late', now: client.now });
  t.is(result.status, 'REJECT');
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Deployment concurrency limit is full and uses the CANCEL_NEW strategy.' });
  t.like(result.state, { type: 'CANCELLED', message: 'Deployment concurrency limit reached.' });
  t.deepEqual(await flowHistory(db, late), ['SCHEDULED:Scheduled', 'CANCELLED:Cancelled']);
});

concurrencyTest('A free slot, ENQUEUE, or no limit: the run is marked Late', async (t, { db, client }) => {
  const roomy = await limitedDeployment(db, 2, { collision_strategy: 'CANCEL_NEW' });
  await proposeFlow(db, await deploymentRun(db, roomy.deploymentId), { type: 'PENDING' }, client);
  const enqueue = await limitedDeployment(db, 1, { collision_strategy: 'ENQUEUE' });
  await proposeFlow(db, await deploymentRun(db, enqueue.deploymentId), { type: 'PENDING' }, client);
  const { flow } = await db.repositories.flows.create({ name: 'free' });
  const unlimited = (await db.repositories.deployments.upsert({ flow_id: flow.id, name: 'free', values: { concurrency_options: { collision_strategy: 'CANCEL_NEW' } }, insertDefaults: {} })).id;
  for (const deploymentId of [roomy.deploymentId, enqueue.deploymentId, unlimited]) {
    const run = await deploymentRun(db, deploymentId);
    const result = await proposeFlow(db, run, LATE, { policy: 'mark-late', now: client.now });
    t.is(result.status, 'ACCEPT');
    t.like(result.state, { type: 'SCHEDULED', name: 'Late' });
  }
});
