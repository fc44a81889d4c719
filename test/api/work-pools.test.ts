// /work_pools, their workers and the worker claim through HTTP, with Prefect's status codes
// and bodies.
import test from 'ava';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Body = Record<string, unknown>;
const PAST = '2020-01-01T00:00:00Z';
const NOW = () => new Date().toISOString();

const DIALECTS = ['sqlite-file', 'postgres'] as const;

async function withApi(dialect: (typeof DIALECTS)[number], run: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await startTestApi(dialect);
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

const answer = (api: TestApi, method: string, path: string, body?: unknown) => api.request(method, path, body).then((r) => [r.status, r.body]);

/** A SCHEDULED flow run placed in a pool's queue through POST /flow_runs/. */
async function scheduledRun(api: TestApi, pool: string, queue: string | null, name: string, when = PAST): Promise<Body> {
  const flow = (await api.request('POST', '/flows/', { name: 'flow' })).body as Body;
  const created = await api.request('POST', '/flow_runs/', {
    flow_id: flow['id'],
    name,
    work_pool_name: pool,
    work_queue_name: queue,
    state: { type: 'SCHEDULED', state_details: { scheduled_time: when } },
  });
  if (created.status !== 201) throw new Error(`flow run: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as Body;
}

const runNames = (body: unknown) => (body as { flow_run: { name: string } }[]).map((r) => r.flow_run.name);

for (const dialect of DIALECTS) {
  test(`${dialect}: work pools: create, read, filter, count, update and delete`, async (t) => {
    await withApi(dialect, async (api) => {
      const created = await api.request('POST', '/work_pools/', { name: 'pool', type: 'process', description: 'd' });
      t.is(created.status, 201);
      const pool = created.body as Body;
      t.like(pool, {
        name: 'pool',
        type: 'process',
        description: 'd',
        status: 'NOT_READY',
        is_paused: false,
        base_job_template: {},
        concurrency_limit: null,
        active_slots: null,
        storage_configuration: { bundle_upload_step: null, bundle_execution_step: null, default_result_storage_block_id: null },
      });
      t.truthy(pool['default_queue_id']);
      t.like((await api.request('POST', '/work_pools/', { name: 'limited', type: 'k8s', concurrency_limit: 2 })).body, { active_slots: 0 });
      t.like((await api.request('GET', '/work_pools/pool')).body, { id: pool['id'], status: 'NOT_READY' });
      t.deepEqual((((await api.request('POST', '/work_pools/filter', { work_pools: { type: { any_: ['k8s'] } } })).body) as Body[]).map((p) => p['name']), ['limited']);
      t.deepEqual((((await api.request('POST', '/work_pools/filter', { limit: 1, offset: 1 })).body) as Body[]).map((p) => p['name']), ['pool']);
      t.is((await api.request('POST', '/work_pools/count', {})).body, 2);
      t.is((await api.request('POST', '/work_pools/count', { work_pools: { name: { any_: ['pool'] } } })).body, 1);
      t.is((await api.request('PATCH', '/work_pools/pool', { is_paused: true, concurrency_limit: 5 })).status, 204);
      t.like((await api.request('GET', '/work_pools/pool')).body, { status: 'PAUSED', is_paused: true, concurrency_limit: 5, active_slots: 0 });
      t.is((await api.request('PATCH', '/work_pools/pool', { is_paused: false, description: null })).status, 204);
      t.like((await api.request('GET', '/work_pools/pool')).body, { status: 'NOT_READY', description: null });
      t.is((await api.request('DELETE', '/work_pools/pool')).status, 204);
      t.deepEqual(await answer(api, 'GET', '/work_pools/pool'), [404, { detail: 'Work pool "pool" not found.' }]);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/pool'), [404, { detail: 'Work pool "pool" not found.' }]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/pool', {}), [404, { detail: 'Work pool "pool" not found.' }]);
    });
  });

  test(`${dialect}: work pools: 409 for a taken name, 403 for reserved names, 422 for bad bodies and templates`, async (t) => {
    await withApi(dialect, async (api) => {
      await api.request('POST', '/work_pools/', { name: 'taken', type: 'process' });
      t.deepEqual(await answer(api, 'POST', '/work_pools/', { name: 'taken', type: 'process' }), [409, { detail: 'A work pool with this name already exists.' }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/', { name: 'Prefect-managed', type: 'process' }), [
        403,
        { detail: "Work pools starting with 'Prefect' are reserved for internal use." },
      ]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/prefect-x', { description: 'no' }), [
        403,
        { detail: "Work pools starting with 'Prefect' are reserved for internal use and can only be updated to set concurrency limits or pause." },
      ]);
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/prefect-x', { is_paused: true }), [404, { detail: 'Work pool "prefect-x" not found.' }]);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/prefect-x'), [
        403,
        { detail: "Work pools starting with 'Prefect' are reserved for internal use and can not be deleted." },
      ]);
      const undeclared = await api.request('POST', '/work_pools/', { name: 'p2', type: 'process', base_job_template: { job_configuration: { a: '{{ x }}' }, variables: { properties: {} } } });
      t.is(undeclared.status, 422);
      t.like((undeclared.body as { exception_detail: Body[] }).exception_detail[0], {
        type: 'value_error',
        loc: ['body', 'base_job_template'],
        msg: 'Value error, The variables specified in the job configuration template must be present as properties in the variables schema. Your job configuration uses the following undeclared variable(s): x.',
      });
      const incomplete = await api.request('PATCH', '/work_pools/taken', { base_job_template: { job_configuration: { a: 1 } } });
      t.is(incomplete.status, 422);
      t.is(
        (incomplete.body as { exception_detail: { msg: string }[] }).exception_detail[0]?.msg,
        'Value error, The `base_job_template` must contain both a `job_configuration` key and a `variables` key.',
      );
      const valid = { job_configuration: { command: '{{ command }}', env: { A: '{{ env }}' } }, variables: { properties: { command: { type: 'string' }, env: { type: 'object' } } } };
      t.like((await api.request('POST', '/work_pools/', { name: 'templated', type: 'process', base_job_template: valid })).body, { base_job_template: valid });
      for (const body of [{ type: 'process' }, { name: '" "', type: 'process' }, { name: 'a/b' }, { name: 'x', concurrency_limit: -1 }, { name: 'x', extra: 1 }]) {
        t.is((await api.request('POST', '/work_pools/', body)).status, 422, JSON.stringify(body));
      }
      t.deepEqual(await answer(api, 'PATCH', '/work_pools/taken', { is_paused: null }), [
        409,
        { detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.' },
      ]);
      t.is((await api.request('POST', '/work_pools/filter', { limit: 10_000 })).status, 422);
      t.like((await api.request('POST', '/work_pools/', { name: 'agents' })).body, { type: 'prefect-agent', status: null });
    });
  });

  test(`${dialect}: workers: a heartbeat upserts the worker and readies the pool unless paused`, async (t) => {
    await withApi(dialect, async (api) => {
      await api.request('POST', '/work_pools/', { name: 'pool', type: 'process' });
      await api.request('POST', '/work_pools/', { name: 'paused', type: 'process', is_paused: true });
      t.is((await api.request('POST', '/work_pools/pool/workers/heartbeat', { name: 'w1', heartbeat_interval_seconds: 15 })).status, 204);
      t.is((await api.request('POST', '/work_pools/pool/workers/heartbeat', { name: 'w1' })).status, 204);
      await api.request('POST', '/work_pools/pool/workers/heartbeat', { name: 'w2' });
      t.like((await api.request('GET', '/work_pools/pool')).body, { status: 'READY' });
      await api.request('POST', '/work_pools/paused/workers/heartbeat', { name: 'w1' });
      t.like((await api.request('GET', '/work_pools/paused')).body, { status: 'PAUSED' });
      const workers = (await api.request('POST', '/work_pools/pool/workers/filter', {})).body as Body[];
      t.deepEqual(workers.map((w) => w['name']), ['w2', 'w1']);
      t.like(workers[1], { status: 'ONLINE', heartbeat_interval_seconds: 15 });
      t.deepEqual((await api.request('POST', '/work_pools/pool/workers/filter', { workers: { status: { any_: ['OFFLINE'] } } })).body, []);
      t.is(((await api.request('POST', '/work_pools/pool/workers/filter', { limit: 1 })).body as Body[]).length, 1);
      t.is((await api.request('DELETE', '/work_pools/pool/workers/w1')).status, 204);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/pool/workers/w1'), [404, { detail: 'Worker not found.' }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/nope/workers/heartbeat', { name: 'w' }), [404, { detail: 'Work pool "nope" not found.' }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/nope/workers/filter', {}), [404, { detail: 'Work pool "nope" not found.' }]);
      t.deepEqual(await answer(api, 'DELETE', '/work_pools/nope/workers/w'), [404, { detail: 'Work pool "nope" not found.' }]);
      const missing = await api.request('POST', '/work_pools/pool/workers/heartbeat', { heartbeat_interval_seconds: 'often' });
      t.is(missing.status, 422);
      t.deepEqual((missing.body as { exception_detail: { loc: string[] }[] }).exception_detail.map((d) => d.loc.join('.')).sort(), ['body.heartbeat_interval_seconds', 'body.name']);
    });
  });

  test(`${dialect}: get_scheduled_flow_runs: hands out due runs by priority once, and records the poll`, async (t) => {
    await withApi(dialect, async (api) => {
      const pool = (await api.request('POST', '/work_pools/', { name: 'pool', type: 'process' })).body as Body;
      const high = (await api.request('POST', '/work_pools/pool/queues', { name: 'high', priority: 1 })).body as Body;
      await scheduledRun(api, 'pool', null, 'default-1', '2020-01-01T00:00:00Z');
      await scheduledRun(api, 'pool', 'high', 'high-1', '2020-01-02T00:00:00Z');
      await scheduledRun(api, 'pool', null, 'future', '2999-01-01T00:00:00Z');
      const claimed = await api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { scheduled_before: NOW() });
      t.is(claimed.status, 200);
      t.deepEqual(runNames(claimed.body), ['high-1', 'default-1']);
      const first = (claimed.body as Body[])[0]!;
      t.like(first, { work_pool_id: pool['id'], work_queue_id: high['id'] });
      t.like(first['flow_run'], { state_type: 'SCHEDULED', work_queue_name: 'high', work_queue_id: high['id'] });
      t.false('work_pool_name' in (first['flow_run'] as Body));
      t.deepEqual((await api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { scheduled_before: NOW() })).body, [], 'leased');
      const queues = (await api.request('POST', '/work_pools/pool/queues/filter', {})).body as Body[];
      t.true(queues.every((q) => q['status'] === 'READY' && typeof q['last_polled'] === 'string'));
      t.deepEqual(runNames((await api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { scheduled_after: '2100-01-01T00:00:00Z', work_queue_names: ['default'] })).body), ['future']);
      t.deepEqual(await answer(api, 'POST', '/work_pools/pool/get_scheduled_flow_runs', { work_queue_names: ['nope'] }), [404, { detail: "Work pool queue 'pool/nope' not found." }]);
      t.deepEqual(await answer(api, 'POST', '/work_pools/nope/get_scheduled_flow_runs', {}), [404, { detail: 'Work pool "nope" not found.' }]);
      t.is((await api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { scheduled_before: 'soon' })).status, 422);
      t.is((await api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { limit: -1 })).status, 422);
    });
  });

  test(`${dialect}: get_scheduled_flow_runs: paused pools and queues hand out nothing; limits hold`, async (t) => {
    await withApi(dialect, async (api) => {
      await api.request('POST', '/work_pools/', { name: 'pool', type: 'process', is_paused: true });
      await api.request('POST', '/work_pools/pool/queues', { name: 'limited', concurrency_limit: 1 });
      for (const [i, name] of ['a', 'b', 'c'].entries()) await scheduledRun(api, 'pool', null, name, `2020-01-0${i + 1}T00:00:00Z`);
      for (const [i, name] of ['l1', 'l2'].entries()) await scheduledRun(api, 'pool', 'limited', name, `2020-01-0${i + 1}T00:00:00Z`);
      const claim = (body: Body = {}) => api.request('POST', '/work_pools/pool/get_scheduled_flow_runs', { scheduled_before: NOW(), ...body }).then((r) => runNames(r.body));
      t.deepEqual(await claim(), []);
      await api.request('PATCH', '/work_pools/pool', { is_paused: false });
      await api.request('PATCH', '/work_pools/pool/queues/default', { is_paused: true });
      t.deepEqual(await claim({ work_queue_names: ['default'] }), []);
      t.deepEqual(await claim(), ['l1'], 'one slot in the limited queue');
      await api.request('PATCH', '/work_pools/pool/queues/default', { is_paused: false });
      await api.request('PATCH', '/work_pools/pool', { concurrency_limit: 2 });
      t.deepEqual(await claim({ limit: 5 }), ['a'], 'the leased l1 holds one of the pool’s two slots');
      await api.request('PATCH', '/work_pools/pool', { concurrency_limit: null });
      t.deepEqual(await claim({ limit: 1 }), ['b']);
      t.like((await api.request('GET', '/work_pools/pool/queues/limited')).body, { active_slots: 0 });
    });
  });

  test(`${dialect}: flow runs created with work_pool_name go to the named queue or the pool default`, async (t) => {
    await withApi(dialect, async (api) => {
      const pool = (await api.request('POST', '/work_pools/', { name: 'pool', type: 'process' })).body as Body;
      const named = (await api.request('POST', '/work_pools/pool/queues', { name: 'q' })).body as Body;
      t.like(await scheduledRun(api, 'pool', 'q', 'in-q'), { work_queue_id: named['id'], work_queue_name: 'q' });
      t.like(await scheduledRun(api, 'pool', null, 'in-default'), { work_queue_id: pool['default_queue_id'], work_queue_name: 'default' });
      const flow = (await api.request('POST', '/flows/', { name: 'flow' })).body as Body;
      t.deepEqual(await answer(api, 'POST', '/flow_runs/', { flow_id: flow['id'], work_pool_name: 'pool', work_queue_name: 'nope' }), [404, { detail: "Work pool queue 'pool/nope' not found." }]);
      t.deepEqual(await answer(api, 'POST', '/flow_runs/', { flow_id: flow['id'], work_pool_name: 'nope' }), [404, { detail: 'Work pool "nope" not found.' }]);
    });
  });
}
