// EnforceCancellingToCancelledTransition: CANCELLING leads only to CANCELLED.
import { createFlowRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

for (const type of ['COMPLETED', 'FAILED', 'RUNNING', 'SCHEDULED'] as const) {
  test(`A CANCELLING flow run proposing ${type} is rejected and stays CANCELLING`, async (t) => {
    const run = await createFlowRun(t.context.db);
    await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'CANCELLING' }]);
    const result = await proposeFlow(t.context.db, run.id, { type });
    t.is(result.status, 'REJECT');
    t.deepEqual(result.details, { type: 'reject_details', reason: 'Cannot transition flows that are cancelling to a state other than Cancelled.' });
    t.is(result.state?.type, 'CANCELLING');
  });
}

test('A CANCELLING flow run may become CANCELLED', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }, { type: 'CANCELLING' }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'CANCELLED' })).status, 'ACCEPT');
  t.deepEqual(await flowHistory(t.context.db, run.id), ['RUNNING:Running', 'CANCELLING:Cancelling', 'CANCELLED:Cancelled']);
});
