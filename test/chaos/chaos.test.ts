// Chaos and load: a Postgres of the test's own, 3 API replicas and 2 services processes, and 20
// simulated workers working through the runs the scheduler makes for 50 deployments, while an
// API replica is SIGKILLed every few seconds, the services process that is ticking is
// SIGKILLed once, and Postgres is restarted once. Afterwards every run must be COMPLETED with
// exactly one PENDING, RUNNING and COMPLETED state, no 500 may have reached a client, no 503
// outside the Postgres outage, and readiness must have gone 503 and back to 200.
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../helpers/cli.ts';
import { Cluster, Tally } from './cluster.ts';
import { freePort, startChaosPostgres, type ChaosPostgres } from './postgres.ts';
import { ManagedProcess } from './processes.ts';
import { runReadinessProbe, type ReadinessProbe } from './readiness.ts';
import { countRuns, finalCounts } from './runs.ts';
import { newWorkerStats, runWorker } from './worker.ts';

/** The issue asks for 5,000 runs: 50 deployments of 100 runs each, one a second. */
const DEPLOYMENTS = Number(process.env['CHAOS_DEPLOYMENTS'] ?? 50);
const RUNS_PER_DEPLOYMENT = 100;
const RUN_SPACING_SECONDS = 1;
const REPLICAS = 3;
const SERVICES = 2;
const WORKERS = 20;
/** The first runs fall due this long after the deployments are made, so the scheduler is ahead of them. */
const LEAD_SECONDS = 10;
/** The scheduler keeps this many runs per deployment ahead: a services outage longer than that loses runs. */
const SCHEDULER_MAX_RUNS = 20;
const REPLICA_KILL_EVERY_MS = 4_000;
const SERVICES_KILL_AT_MS = 15_000;
const POSTGRES_RESTART_AT_MS = 40_000;
const POSTGRES_PAUSE_MS = 3_000;
/** After Postgres is back, pooled connections may still fail once: 503s this long after count as the outage. */
const OUTAGE_GRACE_MS = 10_000;
/** How long after the last run falls due the workers have to finish; this bounds the test. */
const DRAIN_MS = 120_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let postgres: ChaosPostgres | undefined;
const processes: ManagedProcess[] = [];
let probe: ReadinessProbe | undefined;
const logDir = mkdtempSync(join(tmpdir(), 'pst-chaos-logs-'));
let keepLogs = true;

test.afterEach.always((t) => {
  keepLogs = !t.passed;
});

test.after.always(async () => {
  probe?.stop();
  await Promise.all(processes.map((child) => child.kill()));
  await postgres?.stop();
  if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
});

/** The rule of one deployment: RUNS_PER_DEPLOYMENT runs, RUN_SPACING_SECONDS apart, from `start`. */
function rrule(start: Date): string {
  const dtstart = start.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `DTSTART:${dtstart}\nRRULE:FREQ=SECONDLY;INTERVAL=${RUN_SPACING_SECONDS};COUNT=${RUNS_PER_DEPLOYMENT}`;
}

/** The services process whose scheduler inserted runs last: the one that is doing the work. */
function activeServices(services: ManagedProcess[]): ManagedProcess {
  let active = services[0]!;
  let latest = -1;
  for (const candidate of services) {
    for (const line of candidate.tail().split('\n')) {
      if (!line.includes('Scheduler finished a tick')) continue;
      const time = Number(/"time":(\d+)/.exec(line)?.[1] ?? -1);
      if (time > latest) [latest, active] = [time, candidate];
    }
  }
  return active;
}

test.serial(`chaos: ${WORKERS} workers, ${REPLICAS} replicas, ${SERVICES} services processes, ${DEPLOYMENTS * RUNS_PER_DEPLOYMENT} scheduled runs`, async (t) => {
  t.timeout(360_000);
  const began = Date.now();
  postgres = await startChaosPostgres('chaos');
  const database = { PREFECT_API_DATABASE_CONNECTION_URL: postgres.url };
  const upgrade = await runCli(['database', 'upgrade'], database);
  t.is(upgrade.code, 0, upgrade.stderr);

  const common = { ...database, PREFECT_API_DATABASE_MIGRATE_ON_START: 'false' };
  const ports = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
  const replicas = ports.map(
    (port, i) => new ManagedProcess(`api-${i}`, ['start', '--no-services', '--port', String(port)], common, /serving the Prefect API at/, join(logDir, `api-${i}.log`)),
  );
  const services = Array.from(
    { length: SERVICES },
    (_, i) =>
      new ManagedProcess(
        `services-${i}`,
        ['services'],
        {
          ...common,
          PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS: '1',
          PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS: '1',
          PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS: String(SCHEDULER_MAX_RUNS),
        },
        /running background services/,
        join(logDir, `services-${i}.log`),
      ),
  );
  processes.push(...replicas, ...services);
  await Promise.all(processes.map((child) => child.start()));
  const urls = ports.map((port) => `http://127.0.0.1:${port}/api`);

  const tally = new Tally();
  const setup = new Cluster(urls, tally, 0);
  const call = async (path: string, body: unknown) => {
    const answer = (await setup.call('POST', path, body, { safeToRepeat: false, deadline: Date.now() + 10_000 }))!;
    if (answer.status !== 201) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string };
  };
  await call('/work_pools/', { name: 'chaos', type: 'process' });
  const flow = await call('/flows/', { name: 'chaos' });
  const firstDue = new Date(Math.ceil(Date.now() / 1000) * 1000 + LEAD_SECONDS * 1000);
  const lastDue = firstDue.getTime() + (RUNS_PER_DEPLOYMENT - 1) * RUN_SPACING_SECONDS * 1000;
  for (let i = 0; i < DEPLOYMENTS; i++) {
    await call('/deployments/', { name: `chaos-${i}`, flow_id: flow.id, work_pool_name: 'chaos', schedules: [{ schedule: { rrule: rrule(firstDue), timezone: 'UTC' }, active: true }] });
  }
  const t0 = firstDue.getTime();
  const at = (ms: number) => seconds(ms - t0);

  const observer = new pg.Pool({ connectionString: postgres.url, max: 2 });
  observer.on('error', () => undefined);
  probe = runReadinessProbe(urls);
  const events: string[] = [];
  let stopped = false;
  let drained = false;
  const stats = newWorkerStats();
  const workers = Array.from({ length: WORKERS }, (_, i) => runWorker(`worker-${i}`, 'chaos', new Cluster(urls, tally, i), stats, () => stopped));

  let outage = { down: 0, up: 0 };
  const chaosEnd = lastDue;
  // Every few seconds one running replica is killed and started again in the background, as a
  // supervisor would; one replica is always left up, as a rolling disruption budget allows.
  const restarts: Promise<void>[] = [];
  const replicaChaos = (async () => {
    await sleep(Math.max(0, t0 - Date.now()));
    while (Date.now() < chaosEnd) {
      await sleep(REPLICA_KILL_EVERY_MS);
      const ready = replicas.filter((replica) => replica.ready);
      if (ready.length < 2) continue;
      const victim = ready[Math.floor(Math.random() * ready.length)]!;
      const killed = Date.now();
      await victim.kill();
      restarts.push(
        (async () => {
          await sleep(500);
          await victim.restart(Date.now() + 60_000);
          events.push(`${at(killed)} SIGKILL ${victim.name}, ready again after ${seconds(Date.now() - killed)}`);
        })(),
      );
    }
    await Promise.all(restarts);
  })();
  const servicesChaos = (async () => {
    await sleep(Math.max(0, t0 + SERVICES_KILL_AT_MS - Date.now()));
    const victim = activeServices(services);
    const killed = Date.now();
    await victim.kill();
    await sleep(2_000);
    await victim.restart(Date.now() + 60_000);
    events.push(`${at(killed)} SIGKILL ${victim.name} (the one ticking), ready again after ${seconds(Date.now() - killed)}`);
  })();
  const postgresChaos = (async () => {
    await sleep(Math.max(0, t0 + POSTGRES_RESTART_AT_MS - Date.now()));
    outage = await postgres!.restart(POSTGRES_PAUSE_MS);
    events.push(`${at(outage.down)} Postgres stopped (fast shutdown), started again at ${at(outage.up)}`);
  })();

  const deadline = lastDue + DRAIN_MS;
  let progress = { total: 0, completed: 0 };
  while (Date.now() < deadline) {
    await sleep(1_000);
    try {
      progress = await countRuns(observer);
    } catch {
      continue; // Postgres is restarting.
    }
    if (Date.now() > lastDue + 2_000 && progress.total > 0 && progress.completed === progress.total) {
      drained = true;
      break;
    }
  }
  const drainedAt = Date.now();
  stopped = true;
  await Promise.all([...workers, replicaChaos, servicesChaos, postgresChaos]);
  probe.stop();
  const finalReady = await Promise.all(urls.map(async (url) => (await fetch(`${url}/ready`)).status));
  const counts = await finalCounts(observer);
  await observer.end();

  const windowEnd = outage.up + OUTAGE_GRACE_MS;
  const inOutage = (time: number) => time >= outage.down && time <= windowEnd;
  const errors500 = tally.serverErrors.filter((error) => error.status !== 503);
  const stray503 = tally.serverErrors.filter((error) => error.status === 503 && !inOutage(error.at));
  const outage503 = tally.serverErrors.filter((error) => error.status === 503 && inOutage(error.at));
  const readiness = probe.results();
  const ready503 = readiness.filter((r) => r.status === 503);
  const readyBack = readiness.filter((r) => r.status === 200 && r.at > outage.up);
  const expected = DEPLOYMENTS * RUNS_PER_DEPLOYMENT;

  const report = [
    `runs expected ${expected}, created ${counts.total}, completed ${counts.completed}, drained ${drained ? `${seconds(drainedAt - lastDue)} after the last run fell due` : 'NOT within the deadline'}`,
    `runs by number of PENDING states ${JSON.stringify(counts.pending)}, RUNNING ${JSON.stringify(counts.running)}, COMPLETED ${JSON.stringify(counts.completedStates)}, runs sharing a deployment and date ${counts.duplicateDates}`,
    `requests ${tally.requests}, connection errors ${tally.connectionErrors}, 500s ${errors500.length}, 503s ${outage503.length} in the outage and ${stray503.length} outside it`,
    `runs handed out ${stats.handedOut}, proposals ${JSON.stringify(Object.fromEntries([...stats.proposals].sort()))}, resumed after a lost answer ${stats.resumed}, abandoned ${stats.abandoned.length}, worker errors ${stats.errors.length}`,
    `readiness: ${ready503.length} answers 503 (first ${ready503[0] ? at(ready503[0].at) : '-'}, last ${ready503.at(-1) ? at(ready503.at(-1)!.at) : '-'}), 200 again at ${readyBack[0] ? at(readyBack[0].at) : '-'}, final ${finalReady.join(' ')}`,
    `kills: ${processes.map((child) => `${child.name} ${child.kills}`).join(', ')}; start times (ms): ${processes.map((child) => `${child.name} ${child.startTimes.join('/')}`).join(', ')}`,
    `outage ${at(outage.down)} to ${at(outage.up)}; 503s at ${outage503.length > 0 ? `${at(outage503[0]!.at)} … ${at(outage503.at(-1)!.at)}` : '-'}`,
    ...events,
    `whole test ${seconds(Date.now() - began)}; logs in ${logDir}`,
  ];
  for (const line of report) t.log(line);
  for (const error of [...errors500, ...stray503].slice(0, 10)) t.log(`${error.status} ${error.method} ${error.path} from ${error.replica} at ${at(error.at)}`);
  for (const error of stats.errors.slice(0, 10)) t.log(`worker error: ${error}`);

  t.true(drained, 'every run was completed before the deadline');
  t.is(counts.total, expected, 'the scheduler made every run, none twice');
  t.is(counts.completed, expected);
  t.deepEqual(counts.pending, { 1: expected }, 'runs by their number of PENDING states');
  t.deepEqual(counts.running, { 1: expected }, 'runs by their number of RUNNING states');
  t.deepEqual(counts.completedStates, { 1: expected }, 'runs by their number of COMPLETED states');
  t.is(counts.duplicateDates, 0);
  t.deepEqual(errors500, [], 'no 500 reached a client');
  t.deepEqual(stray503, [], 'no 503 outside the Postgres outage');
  t.deepEqual(stats.errors, [], 'no worker had to drop a poll or a run');
  t.deepEqual(readiness.filter((r) => r.status !== 200 && r.status !== 'down' && !(r.status === 503 && inOutage(r.at))), [], '/api/ready answered 200, or 503 in the outage');
  t.true(ready503.some((r) => inOutage(r.at)), '/api/ready answered 503 during the outage');
  t.true(readyBack.length > 0, '/api/ready answered 200 after the outage');
  t.deepEqual(finalReady, urls.map(() => 200), 'every replica is ready at the end');
});
