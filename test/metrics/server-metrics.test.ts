// The metrics of one process, through its observers and the exposition: pg-boss queue sizes
// replaced by each report, service ticks and failures, an unreachable database reported as
// connection errors with empty backlog gauges, and close() ending the observation.
import test from 'ava';
import { createServerMetrics } from '@prefect-server-ts/metrics';
import { getDatabase } from '@prefect-server-ts/storage';
import { createTestDatabase, testSettings } from '../helpers/databases.ts';
import { parseExposition } from '../helpers/exposition.ts';

const P = 'prefect_server_ts_';

test('each pg-boss report replaces the last one', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  const metrics = createServerMetrics(handle.db);
  try {
    metrics.reportPgBossQueues([
      { queue: 'scheduler', state: 'queued', jobs: 3 },
      { queue: 'foreman', state: 'active', jobs: 1 },
    ]);
    const first = parseExposition(await metrics.exposition());
    t.is(first.value(`${P}pgboss_queue_jobs`, { queue: 'scheduler', state: 'queued' }), 3);
    t.is(first.value(`${P}pgboss_queue_jobs`, { queue: 'foreman', state: 'active' }), 1);
    metrics.reportPgBossQueues([{ queue: 'scheduler', state: 'queued', jobs: 0 }]);
    const second = parseExposition(await metrics.exposition());
    t.deepEqual(second.samples(`${P}pgboss_queue_jobs`), [{ labels: { queue: 'scheduler', state: 'queued' }, value: 0 }]);
  } finally {
    metrics.close();
    await handle.dispose();
  }
});

test('service ticks are timed by service, and failures counted from zero', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  const metrics = createServerMetrics(handle.db);
  try {
    metrics.onTick({ service: 'Scheduler', seconds: 0.25, failed: false });
    metrics.onTick({ service: 'Scheduler', seconds: 0.5, failed: true });
    metrics.onTick({ service: 'Foreman', seconds: 0.125, failed: false });
    const scraped = parseExposition(await metrics.exposition());
    t.is(scraped.value(`${P}service_tick_duration_seconds_count`, { service: 'Scheduler' }), 2);
    t.is(scraped.value(`${P}service_tick_duration_seconds_sum`, { service: 'Scheduler' }), 0.75);
    t.is(scraped.value(`${P}service_tick_duration_seconds_bucket`, { service: 'Scheduler', le: '0.25' }), 1);
    t.is(scraped.value(`${P}service_tick_failures_total`, { service: 'Scheduler' }), 1);
    t.deepEqual(scraped.samples(`${P}service_tick_failures_total`, { service: 'Foreman' }), [{ labels: { service: 'Foreman' }, value: 0 }]);
  } finally {
    metrics.close();
    await handle.dispose();
  }
});

test('an unreachable database: each scrape counts a connection error and leaves the backlog gauges empty', async (t) => {
  const db = await getDatabase(testSettings('postgresql://postgres@127.0.0.1:1/unreachable').database);
  const metrics = createServerMetrics(db);
  try {
    const first = parseExposition(await metrics.exposition());
    t.is(first.families.get(`${P}work_queue_due_flow_runs`)?.type, 'GAUGE');
    t.deepEqual(first.samples(`${P}work_queue_due_flow_runs`), []);
    t.is(first.value(`${P}database_pool_connections`), 0);
    const second = parseExposition(await metrics.exposition());
    t.is(second.value(`${P}database_connection_errors_total`), 1, 'the first scrape failed once for its three gauges');
    t.is(parseExposition(await metrics.exposition()).value(`${P}database_connection_errors_total`), 2);
  } finally {
    metrics.close();
    await db.close();
  }
});

test('close() stops the observation of the database', async (t) => {
  const handle = await createTestDatabase('sqlite-file');
  const metrics = createServerMetrics(handle.db);
  try {
    await handle.db.repositories.flows.count();
    metrics.close();
    await handle.db.repositories.flows.count();
    const scraped = parseExposition(await metrics.exposition());
    t.is(scraped.value(`${P}database_repository_call_duration_seconds_count`, { repository: 'flows', method: 'count' }), 1);
  } finally {
    await handle.dispose();
  }
});
