// /flows and /logs through HTTP.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

test('creates a flow with 201, returns the same flow with 200, and filters, paginates and deletes', async (t) => {
  const api = await startTestApi('postgres');
  try {
    const first = await api.request('POST', '/flows/', { name: 'etl', tags: ['prod'] });
    const again = await api.request('POST', '/flows/', { name: 'etl' });
    t.is(first.status, 201);
    t.is(again.status, 200);
    const flow = first.body as { id: string };
    t.is((again.body as { id: string }).id, flow.id);
    await api.request('POST', '/flows/', { name: 'report' });
    t.deepEqual(((await api.request('POST', '/flows/filter', { flows: { name: { like_: 'rep' } } })).body as { name: string }[]).map((f) => f.name), ['report']);
    t.like((await api.request('POST', '/flows/paginate', { limit: 1, page: 2 })).body, { count: 2, limit: 1, pages: 2, page: 2 });
    t.is((await api.request('POST', '/flows/count', {})).body, 2);
    t.like((await api.request('GET', '/flows/name/etl')).body, { id: flow.id, tags: ['prod'] });
    t.is((await api.request('PATCH', `/flows/${flow.id}`, { tags: ['x'] })).status, 204);
    t.is((await api.request('DELETE', `/flows/${flow.id}`)).status, 204);
    t.deepEqual(await api.request('GET', `/flows/${flow.id}`).then((r) => [r.status, r.body]), [404, { detail: 'Flow not found' }]);
  } finally {
    await api.close();
  }
});

test('stores a batch of logs and filters them by level and run', async (t) => {
  const api = await startTestApi();
  const run = '11111111-1111-4111-8111-111111111111';
  try {
    const logs = Array.from({ length: 300 }, (_, i) => ({ name: 'l', level: i % 3 === 0 ? 40 : 20, message: `m${i}`, timestamp: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, flow_run_id: run, task_run_id: null }));
    t.is((await api.request('POST', '/logs/', logs)).status, 201);
    const errors = await api.request('POST', '/logs/filter', { logs: { level: { ge_: 40 }, flow_run_id: { any_: [run] } }, limit: 200 });
    t.is((errors.body as unknown[]).length, 100);
    t.is((await api.request('POST', '/logs/', [{ name: 'l', level: 'high', message: 'x', timestamp: 'now' }])).status, 422);
  } finally {
    await api.close();
  }
});
