// PreventPendingTransitions: only one submitter may move a run into PENDING.
import { createFlowRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

// CANCELLING is covered too, but EnforceCancellingToCancelledTransition rejects first.
for (const from of ['PENDING', 'RUNNING', 'CANCELLED'] as const) {
  test(`A flow run in ${from} cannot be proposed PENDING again`, async (t) => {
    const run = await createFlowRun(t.context.db);
    await forceFlowInto(t.context.db, run.id, [{ type: from }]);
    const result = await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
    t.is(result.status, 'ABORT');
    t.deepEqual(result.details, { type: 'abort_details', reason: `This run is in a ${from} state and cannot transition to a PENDING state.` });
    t.is((await flowHistory(t.context.db, run.id)).length, 1);
  });
}

test('A PENDING run may move on to a named PENDING sub-state, which keeps its scheduled time', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: '2020-02-02T00:00:00Z' } }]);
  await proposeFlow(t.context.db, run.id, { type: 'PENDING' });
  const submitting = await proposeFlow(t.context.db, run.id, { type: 'PENDING', name: 'Submitting' });
  t.is(submitting.status, 'ACCEPT');
  t.is(submitting.state?.state_details['scheduled_time'], '2020-02-02T00:00:00.000000Z');
  t.is((await proposeFlow(t.context.db, run.id, { type: 'PENDING', name: 'Submitting' })).status, 'ABORT');
  t.is((await proposeFlow(t.context.db, run.id, { type: 'PENDING', name: 'Pending' })).status, 'ABORT');
  t.deepEqual(await flowHistory(t.context.db, run.id), ['SCHEDULED:Scheduled', 'PENDING:Pending', 'PENDING:Submitting']);
});
