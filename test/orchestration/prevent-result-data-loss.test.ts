// PreventResultDataLoss: even forced, COMPLETED with a persisted result is not overwritten
// by a COMPLETED state without one.
import { createFlowRun, flowHistory, forceFlowInto, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();
const persisted = { type: 'reference', storage_key: 'k' };

test('A forced COMPLETED without a result cannot replace one with a persisted result', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'COMPLETED', data: persisted }]);
  const result = await proposeFlow(t.context.db, run.id, { type: 'COMPLETED' }, { force: true });
  t.deepEqual(result.details, {
    type: 'reject_details',
    reason: 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.',
  });
  t.deepEqual(await flowHistory(t.context.db, run.id), ['COMPLETED:Completed']);
});

test('A forced COMPLETED carrying its own persisted result, or a forced FAILED, is accepted', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'COMPLETED', data: persisted }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'COMPLETED', data: { type: 'reference', storage_key: 'k2' } }, { force: true })).status, 'ACCEPT');
  t.is((await proposeFlow(t.context.db, run.id, { type: 'FAILED' }, { force: true })).status, 'ACCEPT');
  t.deepEqual(await flowHistory(t.context.db, run.id), ['COMPLETED:Completed', 'COMPLETED:Completed', 'FAILED:Failed']);
});
