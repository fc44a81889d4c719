// The /events/out websocket: Prefect's handshake and filter message, backfill then live
// events, and delivery across replicas: two API servers on one Postgres database, each with
// its own Database (pool and LISTEN connection), so what reaches a subscriber on replica A
// after a write through replica B came through Postgres NOTIFY.
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { pino } from 'pino';
import WebSocket from 'ws';
import { listen, type RunningServer } from '@prefect-server-ts/api';
import { getDatabase, type Database } from '@prefect-server-ts/storage';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';
import { testSettings } from '../helpers/databases.ts';

interface StreamedEvent {
  readonly id: string;
  readonly event: string;
  readonly occurred: string;
  readonly resource: Record<string, string>;
  readonly related: Record<string, string>[];
  readonly payload: Record<string, unknown>;
  readonly received: string;
}

interface Subscriber {
  readonly events: StreamedEvent[];
  /** Resolves with the first `count` events, or rejects after `timeoutMs`. */
  next(count: number, timeoutMs?: number): Promise<StreamedEvent[]>;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

const event = (name: string, resource = 'test.thing', occurred = iso()) => ({ id: randomUUID(), occurred, event: name, resource: { 'prefect.resource.id': resource }, related: [], payload: {} });

/** Opens /events/out on `api` as Prefect's subscriber does: auth, then the filter message. */
async function subscribe(api: string, filter: Record<string, unknown>, { backfill = true, token = null as string | null } = {}): Promise<Subscriber> {
  const socket = new WebSocket(`${api.replace('http', 'ws')}/events/out`, ['prefect']);
  const events: StreamedEvent[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const auth = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
  socket.send(JSON.stringify({ type: 'auth', token }));
  const answer = (await Promise.race([auth, closed])) as { type?: string };
  if (answer.type === 'auth_success') {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event: StreamedEvent };
      if (message.type === 'event') events.push(message.event);
    });
    socket.send(JSON.stringify({ type: 'filter', filter: { occurred: { since: iso(-60), until: iso(365 * 86_400) }, ...filter }, backfill }));
  }
  return {
    events,
    closed,
    next: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) await sleep(20);
      if (events.length < count) throw new Error(`${events.length} of ${count} events arrived: ${JSON.stringify(events.map((e) => e.event))}`);
      return events.slice(0, count);
    },
    close: () => socket.close(),
  };
}

/** A second API replica on the test API's database: another Database (own pool and listener), another server. */
async function secondReplica(primary: TestApi): Promise<{ api: string; database: Database; server: RunningServer; close(): Promise<void> }> {
  const settings = testSettings(primary.handle.url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '3' });
  const database = await getDatabase(settings.database);
  const server = await listen({ database, settings, log: pino({ level: 'silent' }) }, '127.0.0.1', 0);
  return { api: `${server.url}/api`, database, server, close: () => server.stop() };
}

async function post(api: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

test.serial('postgres: a subscriber on replica A gets the backfill, then live events written through replica B that pass its filter', async (t) => {
  const a = await startTestApi('postgres');
  const b = await secondReplica(a);
  try {
    t.not(b.database, a.handle.db);
    const earlier = event('test.before');
    t.is((await post(b.api, '/events', [earlier, event('other.before')])).status, 204);
    const subscriber = await subscribe(a.api, { event: { prefix: ['test.'] } });
    t.deepEqual((await subscriber.next(1)).map((e) => e.id), [earlier.id]);

    const live = [event('test.live.1'), event('other.live'), event('test.live.2')];
    t.is((await post(b.api, '/events', live)).status, 204);
    const received = await subscriber.next(3);
    t.deepEqual(received.map((e) => e.id), [earlier.id, live[0]!.id, live[2]!.id]);
    t.like(received[1], { event: 'test.live.1', resource: { 'prefect.resource.id': 'test.thing' }, related: [], payload: {} });
    t.regex(received[1]!.received, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // Through the events/in websocket of replica B too.
    const socket = new WebSocket(`${b.api.replace('http', 'ws')}/events/in`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const viaSocket = event('test.via-socket');
    socket.send(JSON.stringify(viaSocket));
    t.is((await subscriber.next(4))[3]!.id, viaSocket.id);
    socket.close();
    await sleep(300);
    t.is(subscriber.events.length, 4, 'nothing else arrives');
    subscriber.close();
  } finally {
    await b.close();
    await a.close();
  }
});

test.serial("postgres: a flow run's state changes through replica B reach a subscriber on replica A as prefect.flow-run events", async (t) => {
  const a = await startTestApi('postgres');
  const b = await secondReplica(a);
  try {
    const flow = (await post(b.api, '/flows/', { name: 'watched', tags: ['ft'] })).body;
    const pool = (await post(b.api, '/work_pools/', { name: 'watched-pool', type: 'process' })).body;
    const deployment = (await post(b.api, '/deployments/', { name: 'watched-deployment', flow_id: flow.id, work_pool_name: pool.name })).body;
    const run = (await post(b.api, `/deployments/${deployment.id}/create_flow_run`, { tags: ['rt'] })).body;
    // As wait_for_flow_run and the runner's cancellation observer subscribe.
    const subscriber = await subscribe(a.api, { event: { prefix: ['prefect.flow-run'] }, resource: { id: [`prefect.flow-run.${run.id}`] } }, { backfill: false });
    await sleep(200);
    t.is((await post(b.api, `/flow_runs/${run.id}/set_state`, { state: { type: 'PENDING' } })).body.status, 'ACCEPT');
    t.is((await post(b.api, `/flow_runs/${run.id}/set_state`, { state: { type: 'CANCELLING' }, force: true })).body.status, 'ACCEPT');
    const [pending, cancelling] = await subscriber.next(2);
    t.like(pending, {
      event: 'prefect.flow-run.Pending',
      resource: { 'prefect.resource.id': `prefect.flow-run.${run.id}`, 'prefect.state-type': 'PENDING', 'prefect.state-name': 'Pending' },
      payload: { intended: { from: 'SCHEDULED', to: 'PENDING' } },
    });
    t.deepEqual(
      pending!.related.map((r) => r['prefect.resource.id']),
      [`prefect.flow.${flow.id}`, `prefect.deployment.${deployment.id}`, `prefect.work-queue.${run.work_queue_id}`, `prefect.work-pool.${pool.id}`, 'prefect.tag.ft', 'prefect.tag.rt'],
    );
    t.is(pending!.related[3]!['prefect.work-pool.type'], 'process');
    t.like(cancelling, { event: 'prefect.flow-run.Cancelling', resource: { 'prefect.state-type': 'CANCELLING' } });
    subscriber.close();
  } finally {
    await b.close();
    await a.close();
  }
});

test.serial('sqlite: a subscriber gets the events written through the same server, in order', async (t) => {
  const api = await startTestApi('sqlite-file');
  try {
    const subscriber = await subscribe(api.api, { resource: { id_prefix: ['test.'] } }, { backfill: false });
    await sleep(100);
    const sent = Array.from({ length: 20 }, (_, i) => event(`test.${i}`, `test.thing.${i}`));
    await post(api.api, '/events', sent.slice(0, 10));
    await post(api.api, '/events', [...sent.slice(10), event('test.other', 'elsewhere')]);
    t.deepEqual((await subscriber.next(20)).map((e) => e.id), sent.map((e) => e.id));
    await sleep(200);
    t.is(subscriber.events.length, 20);
    subscriber.close();
  } finally {
    await api.close();
  }
});

test.serial('the backfill reaches back at most PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL, oldest first, and not at all when declined', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL: 'PT30S', PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE: '2' });
  try {
    const old = event('test.old', 'test.thing', iso(-45));
    const recent = [event('test.recent.2', 'test.thing', iso(-5)), event('test.recent.1', 'test.thing', iso(-10)), event('test.recent.3', 'test.thing', iso(-1))];
    await post(api.api, '/events', [old, ...recent]);
    const subscriber = await subscribe(api.api, {});
    t.deepEqual((await subscriber.next(3)).map((e) => e.event), ['test.recent.1', 'test.recent.2', 'test.recent.3']);
    await sleep(200);
    t.is(subscriber.events.length, 3);
    const declined = await subscribe(api.api, {}, { backfill: false });
    await sleep(300);
    t.is(declined.events.length, 0);
    subscriber.close();
    declined.close();
  } finally {
    await api.close();
  }
});

test.serial('with PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED off a subscriber gets the backfill only', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED: 'false' });
  try {
    const stored = event('test.stored');
    await post(api.api, '/events', [stored]);
    const subscriber = await subscribe(api.api, {});
    t.deepEqual((await subscriber.next(1)).map((e) => e.id), [stored.id]);
    await post(api.api, '/events', [event('test.live')]);
    await sleep(500);
    t.is(subscriber.events.length, 1);
    subscriber.close();
  } finally {
    await api.close();
  }
});

test.serial('the protocol: a message other than the filter, an invalid filter, or a wrong token closes the socket', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_API_AUTH_STRING: 'admin:secret' });
  try {
    const wrongToken = await subscribe(api.api, {}, { token: 'nope' });
    t.deepEqual(await wrongToken.closed, { code: 1008, reason: 'Invalid token' });

    const socket = new WebSocket(`${api.api.replace('http', 'ws')}/events/out`, ['prefect']);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'auth', token: 'admin:secret' }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<[number, string]>((resolve) => socket.once('close', (code, reason) => resolve([code, reason.toString()])));
    socket.send(JSON.stringify({ type: 'subscribe' }));
    t.deepEqual(await closed, [1002, "Expected 'filter' message"]);

    const invalid = new WebSocket(`${api.api.replace('http', 'ws')}/events/out`, ['prefect']);
    await new Promise((resolve) => invalid.once('open', resolve));
    invalid.send(JSON.stringify({ type: 'auth', token: 'admin:secret' }));
    await new Promise((resolve) => invalid.once('message', resolve));
    const invalidClosed = new Promise<[number, string]>((resolve) => invalid.once('close', (code, reason) => resolve([code, reason.toString()])));
    invalid.send(JSON.stringify({ type: 'filter', filter: { occurred: { since: 'yesterday-ish' } } }));
    const [code, reason] = await invalidClosed;
    t.is(code, 1002);
    t.regex(reason, /^Invalid filter: occurred\.since/);
  } finally {
    await api.close();
  }
});
