// PreventDuplicateTransitions: a retried request with the same transition_id is answered
// with the state it already produced.
import { createFlowRun, flowHistory, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

test('A second proposal with the current state\'s transition id is rejected with the current state', async (t) => {
  const run = await createFlowRun(t.context.db);
  const transition = crypto.randomUUID();
  const first = await proposeFlow(t.context.db, run.id, { type: 'RUNNING', state_details: { transition_id: transition } });
  t.is(first.status, 'ACCEPT');
  const again = await proposeFlow(t.context.db, run.id, { type: 'RUNNING', state_details: { transition_id: transition.toUpperCase() } });
  t.deepEqual(again.details, { type: 'reject_details', reason: 'This run has already made this state transition.' });
  t.is(again.status, 'REJECT');
  t.is(again.state?.id, first.state?.id);
  t.deepEqual(await flowHistory(t.context.db, run.id), ['RUNNING:Running']);
});

test('A different transition id, or none, is orchestrated normally', async (t) => {
  const run = await createFlowRun(t.context.db);
  await proposeFlow(t.context.db, run.id, { type: 'RUNNING', state_details: { transition_id: crypto.randomUUID() } });
  t.is((await proposeFlow(t.context.db, run.id, { type: 'RUNNING', state_details: { transition_id: crypto.randomUUID() } })).status, 'ACCEPT');
  t.is((await proposeFlow(t.context.db, run.id, { type: 'COMPLETED' })).status, 'ACCEPT');
  t.is((await flowHistory(t.context.db, run.id)).length, 3);
});
