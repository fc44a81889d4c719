// /events through HTTP: batches in, filtered pages out, counts by event and time.
import { randomUUID } from 'node:crypto';
import test from 'ava';
import WebSocket from 'ws';
import { startTestApi } from '../helpers/api-server.ts';

const event = (name: string, resource: string, occurred: string, related: Record<string, string>[] = []) => ({
  id: randomUUID(),
  occurred,
  event: name,
  resource: { 'prefect.resource.id': resource },
  related,
  payload: {},
});

test('filters events by name prefix, resource and related role, in pages', async (t) => {
  const api = await startTestApi();
  try {
    const now = Date.now();
    const at = (s: number) => new Date(now - s * 1000).toISOString();
    const batch = [
      event('prefect.flow-run.Running', 'prefect.flow-run.a', at(30), [{ 'prefect.resource.id': 'prefect.flow.x', 'prefect.resource.role': 'flow' }]),
      event('prefect.flow-run.Completed', 'prefect.flow-run.a', at(20), [{ 'prefect.resource.id': 'prefect.flow.x', 'prefect.resource.role': 'flow' }]),
      event('prefect.task-run.Completed', 'prefect.task-run.b', at(10)),
      event('custom.thing', 'my.resource', at(5)),
    ];
    t.is((await api.request('POST', '/events', batch)).status, 204);
    const page = async (body: unknown) => (await api.request('POST', '/events/filter', body)).body as { events: { event: string }[]; total: number; next_page: string | null };
    t.deepEqual((await page({ filter: { event: { prefix: ['prefect.flow-run.'] } } })).events.map((e) => e.event), ['prefect.flow-run.Completed', 'prefect.flow-run.Running']);
    t.deepEqual((await page({ filter: { related: { role: ['flow'], id: ['prefect.flow.x'] }, order: 'ASC' } })).events.map((e) => e.event), ['prefect.flow-run.Running', 'prefect.flow-run.Completed']);
    t.deepEqual((await page({ filter: { any_resource: { id_prefix: ['my.'] } } })).events.map((e) => e.event), ['custom.thing']);
    const first = await page({ limit: 3 });
    t.is(first.total, 4);
    t.is(first.events.length, 3);
    t.truthy(first.next_page);
    const second = (await api.request('GET', first.next_page!)).body as { events: { event: string }[]; next_page: string | null };
    t.deepEqual(second.events.map((e) => e.event), ['prefect.flow-run.Running']);
    t.is(second.next_page, null);
    t.is((await api.request('GET', '/events/filter/next?page-token=garbage')).status, 403);
    const byEvent = (await api.request('POST', '/events/count-by/event', { filter: {} })).body as { value: string; count: number }[];
    t.deepEqual(byEvent.map((c) => [c.value, c.count]), [['custom.thing', 1], ['prefect.flow-run.Completed', 1], ['prefect.flow-run.Running', 1], ['prefect.task-run.Completed', 1]]);
    const byDay = (await api.request('POST', '/events/count-by/day', { filter: {} })).body as { count: number }[];
    t.is(byDay.reduce((n, c) => n + c.count, 0), 4);
  } finally {
    await api.close();
  }
});

test('the events/in websocket takes Prefect\'s auth handshake, then stores each event it receives', async (t) => {
  const api = await startTestApi();
  try {
    const socket = new WebSocket(`${api.api.replace('http', 'ws')}/events/in`, ['prefect']);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
    socket.send(JSON.stringify({ type: 'auth', token: null }));
    t.deepEqual(JSON.parse(await reply), { type: 'auth_success' });
    for (let i = 0; i < 5; i++) socket.send(JSON.stringify(event(`ws.event.${i}`, 'ws.resource', new Date().toISOString())));
    for (let i = 0; i < 50 && (await api.handle.db.repositories.events.count()) < 5; i++) await new Promise((r) => setTimeout(r, 20));
    t.is(await api.handle.db.repositories.events.count(), 5);
    socket.close();
  } finally {
    await api.close();
  }
});
