// InstrumentFlowRunStateTransitions: each state written for a flow run is stored as a
// prefect.flow-run.<State> event of Prefect's shape (as the official server emits it), and
// a transition that writes nothing emits nothing.
import type { Database, EventRecord } from '@prefect-server-ts/storage';
import { pythonIsoformat, truncatedTo } from '../../packages/orchestration/src/rules/instrument-flow-run-state-transitions.ts';
import { Clock, orchestrationTest, proposeFlow } from './fixtures.ts';

const test = orchestrationTest();

async function flowRunEvents(db: Database, runId: string): Promise<EventRecord[]> {
  const { events } = await db.repositories.events.list(
    { occurred: { since: '2000-01-01T00:00:00.000000Z', until: '2100-01-01T00:00:00.000000Z' }, resource: { id: [`prefect.flow-run.${runId}`] }, order: 'ASC' },
    { limit: 50, offset: 0 },
  );
  return events;
}

async function taggedRun(db: Database) {
  const { flow } = await db.repositories.flows.create({ name: 'instrumented', tags: ['ft', 'shared'] });
  const { run } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'brave-otter', tags: ['shared', 'rt'] });
  return { flow, run };
}

test('Each accepted transition is an event: state labels, related flow and sorted tags, intended states, follows', async (t) => {
  const { db } = t.context;
  const clock = new Clock('2030-01-01T00:00:00.000000Z');
  const { flow, run } = await taggedRun(db);
  const pending = await proposeFlow(db, run.id, { type: 'PENDING' }, { now: clock.now });
  clock.tick(2.5);
  const running = await proposeFlow(db, run.id, { type: 'RUNNING', message: 'go' }, { now: clock.now });
  const events = await flowRunEvents(db, run.id);
  t.is(events.length, 2);
  const [first, second] = events as [EventRecord, EventRecord];
  t.like(first, { id: pending.state!.id, event: 'prefect.flow-run.Pending', occurred: pending.state!.timestamp, follows: null });
  t.deepEqual(first.resource, {
    'prefect.resource.id': `prefect.flow-run.${run.id}`,
    'prefect.resource.name': 'brave-otter',
    'prefect.run-count': '0',
    'prefect.state-message': '',
    'prefect.state-name': 'Pending',
    'prefect.state-timestamp': pythonIsoformat(pending.state!.timestamp),
    'prefect.state-type': 'PENDING',
  });
  t.deepEqual(first.related, [
    { 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'instrumented' },
    { 'prefect.resource.id': 'prefect.tag.ft', 'prefect.resource.role': 'tag' },
    { 'prefect.resource.id': 'prefect.tag.rt', 'prefect.resource.role': 'tag' },
    { 'prefect.resource.id': 'prefect.tag.shared', 'prefect.resource.role': 'tag' },
  ]);
  t.deepEqual(first.payload, { intended: { from: null, to: 'PENDING' }, initial_state: null, validated_state: { type: 'PENDING', name: 'Pending' } });

  t.like(second, { id: running.state!.id, event: 'prefect.flow-run.Running', follows: pending.state!.id });
  t.like(second.resource, { 'prefect.run-count': '1', 'prefect.state-message': 'go', 'prefect.state-type': 'RUNNING' });
  t.deepEqual(second.payload, {
    intended: { from: 'PENDING', to: 'RUNNING' },
    initial_state: { type: 'PENDING', name: 'Pending' },
    validated_state: { type: 'RUNNING', name: 'Running', message: 'go' },
  });
});

test('A transition that writes nothing emits none; a state long after the previous names no predecessor; a pause carries pause_reschedule', async (t) => {
  const { db } = t.context;
  const clock = new Clock('2030-01-01T00:00:00.000000Z');
  const { run } = await taggedRun(db);
  await proposeFlow(db, run.id, { type: 'RUNNING' }, { now: clock.now });
  // PENDING after RUNNING is aborted: nothing is written, nothing emitted.
  t.is((await proposeFlow(db, run.id, { type: 'PENDING' }, { now: clock.now })).status, 'ABORT');
  clock.tick(600);
  const paused = await proposeFlow(db, run.id, { type: 'PAUSED', state_details: { pause_reschedule: false, pause_timeout: clock.in(60) } }, { now: clock.now });
  t.is(paused.status, 'ACCEPT');
  const events = await flowRunEvents(db, run.id);
  t.deepEqual(events.map((event) => event.event), ['prefect.flow-run.Running', 'prefect.flow-run.Paused']);
  t.is(events[1]!.follows, null, 'ten minutes after the previous state');
  t.deepEqual(events[1]!.payload['validated_state'], { type: 'PAUSED', name: 'Paused', pause_reschedule: 'false' });
});

test('Forced transitions emit too (the minimal policy instruments them)', async (t) => {
  const { db } = t.context;
  const { run } = await taggedRun(db);
  await proposeFlow(db, run.id, { type: 'CANCELLING' }, { force: true });
  t.deepEqual((await flowRunEvents(db, run.id)).map((event) => event.event), ['prefect.flow-run.Cancelling']);
});

test('Messages are cut as Prefect cuts them; timestamps print as Python prints them', (t) => {
  t.is(truncatedTo(10, null), '');
  t.is(truncatedTo(10, 'short'), 'short');
  const long = 'a'.repeat(60) + 'b'.repeat(60);
  t.is(truncatedTo(20, long), `${'a'.repeat(10)}...100 additional characters...${'b'.repeat(10)}`);
  t.is(truncatedTo(20, 'x'.repeat(25)), 'x'.repeat(25), 'kept whole when the cut would be longer');
  t.is(pythonIsoformat('2030-01-01T00:00:00.123456Z'), '2030-01-01T00:00:00.123456+00:00');
  t.is(pythonIsoformat('2030-01-01T00:00:00.000000Z'), '2030-01-01T00:00:00+00:00');
});
