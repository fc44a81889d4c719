// Metrics from the command line: `start` shows its services' ticks at /api/metrics (one
// registry per process), `services` serves /api/metrics on PREFECT_SERVER_TS_METRICS_PORT
// (behind basic auth when set), and a bad port stops it with a message naming the variable.
import test from 'ava';
import { runCli, startCommand, startServer } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { parseExposition, type Exposition } from '../helpers/exposition.ts';

const P = 'prefect_server_ts_';
const FAST = { PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: '0.1' };
const AUTH = { authorization: `Basic ${Buffer.from('admin:pass').toString('base64')}` };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Scrapes `url` until `ready` holds for the exposition, or fails after ten seconds. */
async function scrapeUntil(url: string, ready: (scraped: Exposition) => boolean, headers: Record<string, string> = {}): Promise<Exposition> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const scraped = parseExposition(await response.text());
    if (ready(scraped)) return scraped;
    if (Date.now() > deadline) throw new Error(`${url} never showed what was waited for`);
    await sleep(100);
  }
}

const ticked = (service: string) => (scraped: Exposition) => scraped.value(`${P}service_tick_duration_seconds_count`, { service }) >= 2;

async function withDatabase(fn: (handle: TestDatabase) => Promise<void>): Promise<void> {
  const handle = await createTestDatabase('sqlite-file');
  try {
    await fn(handle);
  } finally {
    await handle.dispose();
  }
}

test.serial('start: /api/metrics shows the ticks of the services running beside the API', async (t) => {
  await withDatabase(async (handle) => {
    const server = await startServer({ PREFECT_API_DATABASE_CONNECTION_URL: handle.url, ...FAST });
    try {
      const scraped = await scrapeUntil(`${server.api}/metrics`, ticked('MarkLateRuns'));
      t.is(scraped.value(`${P}service_tick_failures_total`, { service: 'MarkLateRuns' }), 0);
      t.is(scraped.value(`${P}database_pool_connections`), 2);
    } finally {
      t.is(await server.stop(), 0);
    }
  });
});

test.serial('services: serves /api/metrics on PREFECT_SERVER_TS_METRICS_PORT, behind basic auth when set', async (t) => {
  await withDatabase(async (handle) => {
    const services = await startCommand(
      ['services'],
      { PREFECT_API_DATABASE_CONNECTION_URL: handle.url, PREFECT_SERVER_TS_METRICS_PORT: '0', PREFECT_SERVER_API_AUTH_STRING: 'admin:pass', ...FAST },
      /serving metrics at (http:\/\/[^"\s]+)/,
    );
    try {
      const url = services.ready[1]!;
      t.regex(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/metrics$/);
      t.is((await fetch(url)).status, 401);
      const scraped = await scrapeUntil(url, ticked('MarkLateRuns'), AUTH);
      for (const name of ['Scheduler', 'Foreman']) t.is(scraped.value(`${P}service_tick_failures_total`, { service: name }), 0, name);
      t.is(scraped.families.get(`${P}pgboss_queue_jobs`)?.type, 'GAUGE');
      t.is(scraped.families.get(`${P}work_queue_lateness_seconds`)?.type, 'GAUGE');
      t.is(scraped.families.get('process_cpu_user_seconds_total')?.type, 'COUNTER');
      t.is((await fetch(url.replace('/api/metrics', '/api/health'), { headers: AUTH })).status, 404, 'metrics only: no API here');
    } finally {
      t.is(await services.stop(), 0);
    }
  });
});

test('services: a malformed PREFECT_SERVER_TS_METRICS_PORT stops it, naming the variable', async (t) => {
  const result = await runCli(['services'], { PREFECT_SERVER_TS_METRICS_PORT: 'ninety' });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'prefect-server-ts: PREFECT_SERVER_TS_METRICS_PORT="ninety" is invalid: expected an integer');
});
