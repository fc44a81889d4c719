// The scheduler: runs made ahead from active schedules within Prefect's limits, idempotent
// across ticks and across two processes ticking at once, and the recently-changed pass.
import { loadSettings } from '@prefect-server-ts/settings';
import { addSeconds, nowTimestamp, type Database } from '@prefect-server-ts/storage';
import { scheduler } from '../../packages/services/src/index.ts';
import { advancingFrom } from './clock.ts';
import { memoryLogger, serviceTest, tickInProcesses } from './fixtures.ts';

const settings = loadSettings({}).services.scheduler;
const HOUR = 3600;

async function deploymentWith(db: Database, name: string, schedules: { schedule: Record<string, unknown>; active?: boolean; parameters?: Record<string, unknown> }[], fields: { paused?: boolean } = {}) {
  const { flow } = await db.repositories.flows.create({ name: `flow-${name}` });
  const { id } = await db.repositories.deployments.upsert({
    flow_id: flow.id,
    name,
    values: { parameters: { x: 1, y: 2 }, tags: ['team'], ...fields },
    insertDefaults: {},
  });
  const created = await db.repositories.deploymentSchedules.create(
    id,
    schedules.map((s) => ({ schedule: s.schedule, active: s.active ?? true, parameters: s.parameters ?? {} })),
  );
  return { id, flowId: flow.id, scheduleIds: created.map((s) => s.id) };
}

async function runsOf(db: Database, deploymentId: string) {
  return db.repositories.flowRuns.list({ deployments: { id: { any_: [deploymentId] } } }, { sort: 'EXPECTED_START_TIME_ASC' });
}

serviceTest('an hourly schedule gets runs up to the minimum time, each SCHEDULED with Prefect\'s fields', async (t, { db, clock, context }) => {
  const anchor = clock.in(60);
  const { id, flowId, scheduleIds } = await deploymentWith(db, 'hourly', [{ schedule: { interval: HOUR, anchor_date: anchor, timezone: 'UTC' }, parameters: { y: 3 } }]);

  t.deepEqual(await scheduler.tick(context, settings), { inserted: 3 });
  const runs = await runsOf(db, id);
  // Three runs (min_runs), the last one at least an hour (min_scheduled_time) ahead.
  t.deepEqual(
    runs.map((r) => r.expected_start_time),
    [anchor, addSeconds(anchor, HOUR), addSeconds(anchor, 2 * HOUR)],
  );
  for (const run of runs) {
    t.like(run, { flow_id: flowId, deployment_id: id, auto_scheduled: true, state_type: 'SCHEDULED', state_name: 'Scheduled', run_count: 0 });
    t.is(run.next_scheduled_start_time, run.expected_start_time);
    t.is(run.state?.state_details['scheduled_time'], run.expected_start_time);
    t.is(run.state?.message, 'Flow run scheduled');
    t.deepEqual(run.parameters, { x: 1, y: 3 });
    t.deepEqual(run.tags, ['auto-scheduled', 'team']);
    t.like(run.created_by, { id: scheduleIds[0], type: 'SCHEDULE', display_value: 'IntervalSchedule' });
    t.like(run.labels, { 'prefect.flow.id': flowId, 'prefect.deployment.id': id });
    t.regex(run.idempotency_key ?? '', new RegExp(`^scheduled ${id} ${scheduleIds[0]} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+00:00$`));
  }

  // Nothing is missing any more, so the next tick makes nothing.
  t.deepEqual(await scheduler.tick(context, settings), { inserted: 0 });
  t.is((await runsOf(db, id)).length, 3);
});

serviceTest('a frequent schedule is filled to the minimum time, capped at MAX_RUNS', async (t, { db, clock, context }) => {
  const { id } = await deploymentWith(db, 'minutely', [{ schedule: { interval: 60, anchor_date: clock.in(0), timezone: 'UTC' } }]);
  t.deepEqual(await scheduler.tick(context, settings), { inserted: 61 });
  const capped = loadSettings({ PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS: '10' }).services.scheduler;
  const { id: other } = await deploymentWith(db, 'capped', [{ schedule: { interval: 60, anchor_date: clock.in(0), timezone: 'UTC' } }]);
  await scheduler.tick(context, capped);
  t.is((await runsOf(db, id)).length, 61);
  t.is((await runsOf(db, other)).length, 10);
});

serviceTest('paused deployments and inactive schedules get no runs', async (t, { db, clock, context }) => {
  const schedule = { interval: HOUR, anchor_date: clock.in(0), timezone: 'UTC' };
  const paused = await deploymentWith(db, 'paused', [{ schedule }], { paused: true });
  const inactive = await deploymentWith(db, 'inactive', [{ schedule, active: false }]);
  const cron = await deploymentWith(db, 'cron', [{ schedule: { cron: '0 9 * * *', timezone: 'America/New_York', day_or: true } }]);
  t.deepEqual(await scheduler.tick(context, settings), { inserted: 3 });
  t.is((await runsOf(db, paused.id)).length, 0);
  t.is((await runsOf(db, inactive.id)).length, 0);
  const cronRuns = await runsOf(db, cron.id);
  // 09:00 in New York is 14:00 UTC in January.
  t.deepEqual(cronRuns.map((r) => r.expected_start_time), ['2030-01-01T14:00:00.000000Z', '2030-01-02T14:00:00.000000Z', '2030-01-03T14:00:00.000000Z']);
  t.like(cronRuns[0]!.created_by, { display_value: 'CronSchedule' });
});

serviceTest('runs that moved on are replaced so that each schedule keeps its minimum ahead', async (t, { db, clock, context }) => {
  const { id } = await deploymentWith(db, 'moving', [{ schedule: { interval: HOUR, anchor_date: clock.in(60), timezone: 'UTC' } }]);
  await scheduler.tick(context, settings);
  clock.tick(2 * HOUR);
  // Two of the three are now in the past: the deployment runs low and gets two more.
  t.deepEqual(await scheduler.tick(context, settings), { inserted: 2 });
  t.is((await runsOf(db, id)).length, 5);
});

serviceTest('two processes scheduling at once insert each run exactly once', async (t, { db, clock, handle }) => {
  const ids = [];
  for (let i = 0; i < 30; i++) ids.push((await deploymentWith(db, `d${i}`, [{ schedule: { interval: HOUR, anchor_date: clock.in(60), timezone: 'UTC' } }])).id);
  const reports = await tickInProcesses(handle.url, 'Scheduler', clock.now());
  t.is(reports.reduce((sum, report) => sum + report['inserted']!, 0), 90);
  for (const id of ids) {
    const runs = await runsOf(db, id);
    t.is(runs.length, 3);
    t.is(new Set(runs.map((r) => r.expected_start_time)).size, 3);
    for (const run of runs) t.deepEqual((await db.repositories.flowRuns.readStates(run.id)).map((s) => s.type), ['SCHEDULED']);
  }
});

serviceTest('the recent-deployments pass schedules only deployments changed within its window', async (t, { db }) => {
  const now = nowTimestamp();
  const fresh = await deploymentWith(db, 'fresh', [{ schedule: { interval: HOUR, anchor_date: now, timezone: 'UTC' } }]);
  const context = { database: db, log: memoryLogger().log, now: advancingFrom(now) };
  t.deepEqual(await scheduler.tickRecent(context, settings), { inserted: 3 });
  t.is((await runsOf(db, fresh.id)).length, 3);
  const later = { ...context, now: advancingFrom('2099-01-01T00:00:00.000000Z') };
  t.deepEqual(await scheduler.tickRecent(later, settings), { inserted: 0 });
});
