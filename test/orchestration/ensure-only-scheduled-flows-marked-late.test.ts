// EnsureOnlyScheduledFlowsMarkedLate: only a SCHEDULED run that is not yet late becomes "Late".
import { createFlowRun, forceFlowInto, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

test('A scheduled flow run can be marked late once', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED' }]);
  const late = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', name: 'Late' }, { policy: 'mark-late' });
  t.is(late.status, 'ACCEPT');
  t.is(late.state?.name, 'Late');
  const again = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', name: 'Late' });
  t.deepEqual(again.details, { type: 'reject_details', reason: 'This flow run is already marked late.' });
});

test('A flow run that is not scheduled cannot be marked late', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'SCHEDULED', name: 'Late' }, { policy: 'mark-late' });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Only scheduled flows can be marked late.' });
  t.is(result.state?.type, 'PENDING');
});
