// Work queues through HTTP: a pool's queues under /work_pools/{name}/queues and the legacy
// /work_queues routes, with Prefect's status codes and bodies.
import test from 'ava';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Body = Record<string, unknown>;
const DIALECTS = ['sqlite-file', 'postgres'] as const;
const MISSING = '00000000-0000-4000-8000-000000000000';
const INTEGRITY = { detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.' };

async function withApi(dialect: (typeof DIALECTS)[number], run: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await startTestApi(dialect);
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

const answer = (api: TestApi, method: string, path: string, body?: unknown) => api.request(method, path, body).then((r) => [r.status, r.body]);
const order = (body: unknown) => (body as Body[]).map((q) => `${String(q['name'])}:${String(q['priority'])}`);

for (const dialect of DIALECTS) {
  test(`${dialect}: pool queues: create, read, filter, reprioritise, update and delete`, async (t) => {
    await withApi(dialect, async (api) => {
      await api.request('POST', '/work_pools/', { name: 'pool', type: 'process' });
      const created = await api.request('POST', '/work_pools/pool/queues', { name: 'b', description: 'second', concurrency_limit: 3 });
      t.is(created.status, 201);
      t.like(created.body, { name: 'b', description: 'second', priority: 2, concurrency_limit: 3, active_slots: 0, status: 'NOT_READY', work_pool_name: 'pool', filter: null, last_polled: null, is_paused: false });
      await api.request('POST', '/work_pools/pool/queues', { name: 'top', priority: 1 });
      const queues = () => api.request('POST', '/work_pools/pool/queues/filter', {}).then((r) => order(r.body));
      t.deepEqual(await queues(), ['top:1', 'default:2', 'b:3']);
      t.is((await api.request('PATCH', '/work_pools/pool/queues/b', { priority: 1, description: 'first now' })).status, 204);
      t.deepEqual(await queues(), ['b:1', 'top:2', 'default:3']);
      t.like((await api.request('GET', '/work_pools/pool/queues/b')).body, { description: 'first now', active_slots: 0 });
      t.deepEqual(order((await api.request('POST', '/work_pools/pool/queues/filter', { work_queues: { name: { startswith_: ['T'] } } })).body), ['top:2']);
      t.deepEqual(order((await api.request('POST', '/work_pools/pool/queues/filter', { limit: 1, offset: 1 })).body), ['top:2']);
      t.is((await api.request('PATCH', '/work_pools/pool/queues/b', { is_paused: true })).status, 204);
      t.like((await api.request('GET', '/work_pools/pool/queues/b')).body, { status: 'PAUSED', is_paused: true });
      t.is((await api.request('PATCH', '/work_pools/pool/queues/b', { name: 'renamed' })).status, 204);
      t.is((await api.request('DELETE', '/work_pools/pool/queues/renamed')).status, 204);
      t.deepEqual(await queues(), ['top:2', 'default:3']);
    });
  });

  test(`${dialect}: pool queues: 404, 409 and 422 as Prefect answers them`, async (t) => {
    await withApi(dialect, async (api) => {
      await api.request('POST', '/work_pools/', { name: 'pool', type: 'process' });
      await api.request('POST', '/work_pools/pool/queues', { name: 'q' });
      t.deepEqual(await answer(api, 'POST', '/work_pools/pool/queues', { name: 'q' }), [409, { detail: 'A work queue with this name already exists in work pool {work_pool_name!r}.' }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/nope/queues', { name: 'q' }), [404, { detail: 'Work pool "nope" not found.' }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/nope/queues/filter', {}), [404, { detail: 'Work pool "nope" not found.' }]);
      t.deepEqual(await answer(api, 'GET', '/work_pools/pool/queues/nope'), [404, { detail: "Work pool queue 'pool/nope' not found." }]);
      t.deepEqual(await answer(api, 'GET', '/work_pools/nope/queues/q'), [404, { detail: "Work pool queue 'nope/q' not found." }]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/nope/queues/q', {}), [404, { detail: 'Work pool "nope" not found.' }]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/pool/queues/nope', {}), [404, { detail: "Work pool queue 'pool/nope' not found." }]);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/pool/queues/nope'), [404, { detail: "Work pool queue 'pool/nope' not found." }]);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/pool/queues/default'), [409, { detail: "Can't delete a pool's default queue." }]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/pool/queues/q', { name: 'default' }), [409, INTEGRITY]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/pool/queues/q', { priority: null }), [409, INTEGRITY]);
      for (const body of [{ name: 'a/b' }, { name: 'x', priority: 0 }, { name: 'x', concurrency_limit: -1 }, { name: 'x', bogus: true }, {}]) {
        t.is((await api.request('POST', '/work_pools/pool/queues', body)).status, 422, JSON.stringify(body));
      }
      t.is((await api.request('PATCH', '/work_pools/pool/queues/q', { is_paused: null })).status, 422);
      t.is((await api.request('POST', '/work_pools/pool/queues/filter', { limit: 'many' })).status, 422);
      t.like((await api.request('GET', '/work_pools/pool/queues/q')).body, { name: 'q', priority: 2 });
    });
  });

  test(`${dialect}: legacy work queues live in default-agent-pool, created on demand`, async (t) => {
    await withApi(dialect, async (api) => {
      const created = await api.request('POST', '/work_queues/', { name: 'legacy', concurrency_limit: 1 });
      t.is(created.status, 201);
      const queue = created.body as Body;
      t.like(queue, { name: 'legacy', priority: 2, work_pool_name: 'default-agent-pool', active_slots: 0 });
      t.like((await api.request('GET', '/work_pools/default-agent-pool')).body, { type: 'prefect-agent', status: null });
      t.like((await api.request('GET', `/work_queues/${String(queue['id'])}`)).body, { name: 'legacy', active_slots: 0 });
      const defaultQueue = (await api.request('GET', '/work_queues/name/default')).body as Body;
      t.like(defaultQueue, { name: 'default', priority: 1, work_pool_name: 'default-agent-pool' });
      t.deepEqual(await answer(api, 'POST', '/work_queues/', { name: 'legacy' }), [409, { detail: 'A work queue with this name already exists.' }]);
      t.deepEqual(((await api.request('POST', '/work_queues/filter', { work_queues: { name: { any_: ['legacy'] } } })).body as Body[]).map((q) => q['id']), [queue['id']]);
      t.deepEqual(((await api.request('POST', '/work_queues/filter', {})).body as Body[]).map((q) => q['name']), ['default', 'legacy']);
      t.is((await api.request('PATCH', `/work_queues/${String(queue['id'])}`, { description: 'old style', is_paused: true })).status, 204);
      t.like((await api.request('GET', '/work_queues/name/legacy')).body, { description: 'old style', status: 'PAUSED' });
      t.deepEqual(await answer(api, 'DELETE', `/work_queues/${String(defaultQueue['id'])}`), [409, INTEGRITY]);
      t.is((await api.request('DELETE', `/work_queues/${String(queue['id'])}`)).status, 204);
      t.deepEqual(await answer(api, 'GET', `/work_queues/${String(queue['id'])}`), [404, { detail: 'work queue not found' }]);
      t.deepEqual(await answer(api, 'GET', '/work_queues/name/legacy'), [404, { detail: 'work queue not found' }]);
      t.deepEqual(await answer(api, 'DELETE', `/work_queues/${MISSING}`), [404, { detail: 'work queue not found' }]);
      t.deepEqual(await answer(api, 'PATCH', `/work_queues/${MISSING}`, {}), [404, { detail: `Work Queue ${MISSING} not found` }]);
      t.is((await api.request('GET', '/work_queues/not-a-uuid')).status, 422);
      t.is((await api.request('POST', '/work_queues/', { name: 'a%b' })).status, 422);
    });
  });

  test(`${dialect}: legacy get_runs lists due runs by queue name, records polls, and status reports health`, async (t) => {
    await withApi(dialect, async (api) => {
      const queue = (await api.request('POST', '/work_queues/', { name: 'legacy' })).body as Body;
      const id = String(queue['id']);
      const flow = (await api.request('POST', '/flows/', { name: 'flow' })).body as Body;
      for (const [name, when] of [['second', '2020-01-02T00:00:00Z'], ['first', '2020-01-01T00:00:00Z'], ['later', '2999-01-01T00:00:00Z']]) {
        await api.request('POST', '/flow_runs/', { flow_id: flow['id'], name, work_queue_name: 'legacy', state: { type: 'SCHEDULED', state_details: { scheduled_time: when } } });
      }
      t.like((await api.request('GET', `/work_queues/${id}/status`)).body, { healthy: false, late_runs_count: 0, last_polled: null, health_check_policy: { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 } });
      const names = (body: unknown) => (body as Body[]).map((r) => r['name']);
      const ui = await api.request('POST', `/work_queues/${id}/get_runs`, { scheduled_before: new Date().toISOString() }, { 'x-prefect-ui': 'true' });
      t.deepEqual(names(ui.body), ['first', 'second']);
      t.like((await api.request('GET', `/work_queues/${id}`)).body, { last_polled: null, status: 'NOT_READY' });
      t.deepEqual(names((await api.request('POST', `/work_queues/${id}/get_runs`, { limit: 1 })).body), ['first'], 'not leased: a read');
      t.like((await api.request('GET', `/work_queues/${id}`)).body, { status: 'READY' });
      t.like((await api.request('GET', `/work_queues/${id}/status`)).body, { healthy: true });
      await api.request('PATCH', `/work_queues/${id}`, { is_paused: true });
      t.deepEqual((await api.request('POST', `/work_queues/${id}/get_runs`, {})).body, []);
      t.deepEqual(await answer(api, 'POST', `/work_queues/${MISSING}/get_runs`, {}), [404, { exception_message: `Work queue with id ${MISSING} not found.` }]);
      t.deepEqual(await answer(api, 'GET', `/work_queues/${MISSING}/status`), [404, { exception_message: `Work queue with id ${MISSING} not found` }]);
      t.is((await api.request('POST', `/work_queues/${id}/get_runs`, { limit: 100_000 })).status, 422);
    });
  });
}
