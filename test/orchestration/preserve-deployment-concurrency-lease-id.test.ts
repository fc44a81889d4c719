// PreserveDeploymentConcurrencyLeaseId: a proposal without a lease id carries the current
// state's, forced or not; a proposal naming its own keeps it.
import { forceFlowInto, proposeFlow } from './fixtures.ts';
import { concurrencyTest, deploymentRun, leaseIdOf, limitedDeployment } from './deployment-concurrency-fixtures.ts';

concurrencyTest('The lease id travels to proposals that leave it out or send null', async (t, { db, client }) => {
  const { deploymentId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  await proposeFlow(db, run, { type: 'PENDING' }, client);
  const leaseId = await leaseIdOf(db, run);
  const submitting = await proposeFlow(db, run, { type: 'PENDING', name: 'Submitting', state_details: { deployment_concurrency_lease_id: null } }, client);
  t.is(submitting.state?.state_details['deployment_concurrency_lease_id'], leaseId);
  await proposeFlow(db, run, { type: 'RUNNING' }, client);
  const forced = await proposeFlow(db, run, { type: 'FAILED' }, { ...client, force: true });
  t.is(forced.state?.state_details['deployment_concurrency_lease_id'], leaseId);
});

concurrencyTest('A proposal that names a lease id keeps its own', async (t, { db, client }) => {
  const { deploymentId } = await limitedDeployment(db, 1);
  const run = await deploymentRun(db, deploymentId);
  const own = crypto.randomUUID();
  await forceFlowInto(db, run, [{ type: 'RUNNING', state_details: { deployment_concurrency_lease_id: crypto.randomUUID() } }]);
  const result = await proposeFlow(db, run, { type: 'RUNNING', name: 'Again', state_details: { deployment_concurrency_lease_id: own } }, { ...client, force: true });
  t.is(result.state?.state_details['deployment_concurrency_lease_id'], own);
});
