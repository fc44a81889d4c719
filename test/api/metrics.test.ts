// GET /api/metrics on SQLite and Postgres: after a flow, two flow runs, a claim and two
// state proposals, the exposition parses with an independent text-format parser, every
// family has its type and labels, and the values move exactly as the requests made them.
import test from 'ava';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';
import { parseExposition, type Exposition } from '../helpers/exposition.ts';

const P = 'prefect_server_ts_';

const FAMILIES: Record<string, string> = {
  process_cpu_user_seconds_total: 'COUNTER',
  process_resident_memory_bytes: 'GAUGE',
  nodejs_eventloop_lag_seconds: 'GAUGE',
  nodejs_heap_size_used_bytes: 'GAUGE',
  [`${P}http_request_duration_seconds`]: 'HISTOGRAM',
  [`${P}database_pool_connections`]: 'GAUGE',
  [`${P}database_pool_idle_connections`]: 'GAUGE',
  [`${P}database_pool_in_use_connections`]: 'GAUGE',
  [`${P}database_pool_waiting_clients`]: 'GAUGE',
  [`${P}database_connection_errors_total`]: 'COUNTER',
  [`${P}database_named_query_duration_seconds`]: 'HISTOGRAM',
  [`${P}database_repository_call_duration_seconds`]: 'HISTOGRAM',
  [`${P}orchestration_results_total`]: 'COUNTER',
  [`${P}work_queue_scheduled_flow_runs`]: 'GAUGE',
  [`${P}work_queue_due_flow_runs`]: 'GAUGE',
  [`${P}work_queue_lateness_seconds`]: 'GAUGE',
  [`${P}service_tick_duration_seconds`]: 'HISTOGRAM',
  [`${P}service_tick_failures_total`]: 'COUNTER',
  [`${P}pgboss_queue_jobs`]: 'GAUGE',
};

async function scrape(api: TestApi): Promise<Exposition> {
  const response = await fetch(`${api.api}/metrics`);
  if (response.status !== 200) throw new Error(`/api/metrics answered ${response.status}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) throw new Error(`content type ${response.headers.get('content-type')}`);
  return parseExposition(await response.text());
}

async function post<T>(api: TestApi, path: string, body: unknown, expected: number[] = [200, 201]): Promise<T> {
  const response = await api.request('POST', path, body);
  if (!expected.includes(response.status)) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}

const PAST = '2020-01-01T00:00:00.000000Z';
const queue = { work_pool: 'metered', work_queue: 'default' };
const transition = (from: string, to: string, status: string) => ({ run_type: 'flow_run', from_state: from, to_state: to, status });
const ORCHESTRATION = `${P}orchestration_results_total`;
const HTTP_COUNT = `${P}http_request_duration_seconds_count`;

for (const dialect of ['sqlite-file', 'postgres'] as const) {
  test(`${dialect}: /api/metrics exposes every family, moved exactly by the requests made`, async (t) => {
    const api = await startTestApi(dialect);
    try {
      const flow = await post<{ id: string }>(api, '/flows/', { name: 'metered' });
      await post(api, '/work_pools/', { name: 'metered', type: 'process' });
      const due = await post<{ id: string }>(api, '/flow_runs/', {
        flow_id: flow.id,
        work_pool_name: 'metered',
        state: { type: 'SCHEDULED', state_details: { scheduled_time: PAST } },
      });
      const future = new Date(Date.now() + 3_600_000).toISOString();
      await post(api, '/flow_runs/', { flow_id: flow.id, work_pool_name: 'metered', state: { type: 'SCHEDULED', state_details: { scheduled_time: future } } });

      const before = await scrape(api);
      for (const [name, type] of Object.entries(FAMILIES)) t.is(before.families.get(name)?.type, type, name);
      for (const [name, { type }] of before.families) t.is(name.endsWith('_total'), type === 'COUNTER', `${name} is a ${type}`);
      t.is(before.value(`${P}work_queue_scheduled_flow_runs`, queue), 2);
      t.is(before.value(`${P}work_queue_due_flow_runs`, queue), 1);
      const lateness = before.value(`${P}work_queue_lateness_seconds`, queue);
      const sincePast = (Date.now() - Date.parse(PAST)) / 1000;
      t.true(lateness > sincePast - 60 && lateness <= sincePast, `lateness ${lateness}`);

      const claimed = await post<{ flow_run: { id: string } }[]>(api, '/work_pools/metered/get_scheduled_flow_runs', { scheduled_before: new Date().toISOString() });
      t.deepEqual(claimed.map((run) => run.flow_run.id), [due.id]);
      const accepted = await post<{ status: string }>(api, `/flow_runs/${due.id}/set_state`, { state: { type: 'PENDING' } });
      t.is(accepted.status, 'ACCEPT');
      const again = await post<{ status: string }>(api, `/flow_runs/${due.id}/set_state`, { state: { type: 'PENDING' } });
      t.not(again.status, 'ACCEPT');
      t.is((await api.request('GET', `/flow_runs/${due.id}`)).status, 200);
      t.is((await api.request('GET', '/flow_runs/00000000-0000-0000-0000-000000000000')).status, 404);
      t.is((await api.request('GET', '/no/such/route')).status, 404);

      const after = await scrape(api);
      const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);

      t.is(moved(ORCHESTRATION, transition('SCHEDULED', 'PENDING', 'ACCEPT')), 1);
      t.is(moved(ORCHESTRATION, transition('PENDING', 'PENDING', again.status)), 1);
      t.is(after.samples(ORCHESTRATION).reduce((sum, sample) => sum + sample.value, 0), 2, 'forced first states at creation are not proposals');

      t.is(moved(HTTP_COUNT, { method: 'POST', route: '/api/flow_runs/:id/set_state', status_code: '201' }), 1);
      t.is(moved(HTTP_COUNT, { method: 'POST', route: '/api/flow_runs/:id/set_state', status_code: '200' }), 1);
      t.is(moved(HTTP_COUNT, { method: 'GET', route: '/api/flow_runs/:id', status_code: '200' }), 1);
      t.is(moved(HTTP_COUNT, { method: 'GET', route: '/api/flow_runs/:id', status_code: '404' }), 1);
      t.is(moved(HTTP_COUNT, { method: 'GET', route: 'unmatched', status_code: '404' }), 1);
      t.is(after.value(HTTP_COUNT, { method: 'GET', route: '/api/metrics', status_code: '200' }), 1, 'the first scrape, timed once it finished');
      const routes = new Set(after.samples(HTTP_COUNT).map((sample) => sample.labels['route']));
      t.false([...routes].some((route) => route?.includes(due.id)), [...routes].join(' '));
      const setState = { method: 'POST', route: '/api/flow_runs/:id/set_state', status_code: '201' };
      t.is(after.value(`${P}http_request_duration_seconds_bucket`, { ...setState, le: '+Inf' }), 1);
      const seconds = after.value(`${P}http_request_duration_seconds_sum`, setState);
      t.true(seconds > 0 && seconds < 10, `set_state took ${seconds} s`);

      t.is(moved(`${P}database_named_query_duration_seconds_count`, { query: 'get-scheduled-flow-runs' }), 1);
      t.is(moved(`${P}database_repository_call_duration_seconds_count`, { repository: 'workPools', method: 'claimScheduledRuns' }), 1);
      // One backlog read per scrape; the one under way while this scrape was written is not in it.
      t.is(after.value(`${P}database_repository_call_duration_seconds_count`, { repository: 'workQueues', method: 'backlog' }), 1);
      t.is(after.value(`${P}database_connection_errors_total`), 0);

      const total = after.value(`${P}database_pool_connections`);
      const idle = after.value(`${P}database_pool_idle_connections`);
      const inUse = after.value(`${P}database_pool_in_use_connections`);
      t.is(after.value(`${P}database_pool_waiting_clients`), 0);
      t.is(inUse, 0, 'no request is in flight while the pool is read');
      t.is(total, idle + inUse);
      if (dialect === 'sqlite-file') t.is(total, 2, 'one writer and one reader');
      else t.true(total >= 1 && total <= 15, `${total} connections`);

      t.is(after.value(`${P}work_queue_scheduled_flow_runs`, queue), 1);
      t.is(after.value(`${P}work_queue_due_flow_runs`, queue), 0);
      t.is(after.value(`${P}work_queue_lateness_seconds`, queue), 0);

      t.deepEqual(after.samples(`${P}service_tick_duration_seconds_count`), [], 'this process runs no services');
      t.deepEqual(after.samples(`${P}pgboss_queue_jobs`), []);
      t.true(after.value('process_resident_memory_bytes') > 1e6);
    } finally {
      await api.close();
    }
  });
}

test('with PREFECT_SERVER_API_AUTH_STRING set, /api/metrics asks for it like every other route', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_API_AUTH_STRING: 'admin:pass' });
  try {
    t.is((await fetch(`${api.api}/metrics`)).status, 401);
    const allowed = await fetch(`${api.api}/metrics`, { headers: { authorization: `Basic ${Buffer.from('admin:pass').toString('base64')}` } });
    t.is(allowed.status, 200);
    t.true(parseExposition(await allowed.text()).families.has(`${P}http_request_duration_seconds`));
  } finally {
    await api.close();
  }
});

test('with CSRF protection on, a scrape needs no token', async (t) => {
  const api = await startTestApi('sqlite-file', { PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true' });
  try {
    t.is((await api.request('POST', '/flows/', { name: 'guarded' })).status, 403);
    t.is((await fetch(`${api.api}/metrics`)).status, 200);
  } finally {
    await api.close();
  }
});
