// Services processes on one Postgres database share the ticks through pg-boss: each
// interval's job is taken and completed by exactly one process, the survivor of a SIGKILL
// keeps ticking from the next interval, and SIGTERM lets a tick in progress finish and
// complete its job before the process exits.
import test from 'ava';
import pg from 'pg';
import { addSeconds, nowTimestamp } from '@prefect-server-ts/storage';
import { startCommand, type StartedCommand } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFlowRun, forceFlowInto } from '../orchestration/fixtures.ts';

const QUEUE = 'services.MarkLateRuns';

/** Only the late-runs service, once a second, logging every tick. */
const ENV = {
  PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: '1',
  PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'false',
  PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED: 'false',
  PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED: 'false',
  PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: 'false',
  PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED: 'false',
  PREFECT_LOGGING_SERVER_LEVEL: 'debug',
};

interface TickJob {
  readonly state: string;
  /** The slot's start, epoch seconds. */
  readonly slot: number;
  readonly pid: number | null;
  readonly started: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const plainUrl = (handle: TestDatabase) => handle.url.replace(/^postgresql\+\w+:/, 'postgresql:');

async function withPostgres(fn: (handle: TestDatabase, client: pg.Client) => Promise<void>): Promise<void> {
  const handle = await createTestDatabase('postgres');
  const client = new pg.Client({ connectionString: plainUrl(handle) });
  await client.connect();
  try {
    await fn(handle, client);
  } finally {
    await client.end();
    await handle.dispose();
  }
}

async function tickJobs(client: pg.Client): Promise<TickJob[]> {
  const { rows } = await client.query<{ state: string; slot: string; pid: string | null; started: string | null }>(
    `SELECT state, extract(epoch FROM singleton_on) AS slot, output->>'pid' AS pid, extract(epoch FROM started_on) AS started
       FROM pgboss.job WHERE name = $1 ORDER BY singleton_on`,
    [QUEUE],
  );
  return rows.map((row) => ({ state: row.state, slot: Number(row.slot), pid: row.pid === null ? null : Number(row.pid), started: row.started === null ? null : Number(row.started) }));
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

/** Every slot from the first to the last holds exactly one job. */
function slotsAreContiguousAndSingle(jobs: readonly TickJob[]): boolean {
  return jobs.every((job, index) => index === 0 || job.slot - jobs[index - 1]!.slot === 1);
}

function countTicks(output: string): number {
  return output.split('\n').filter((line) => line.includes('"msg":"MarkLateRuns finished a tick"')).length;
}

/** Ready once pg-boss has its queues and the process works them. */
const startServices = (handle: TestDatabase) =>
  startCommand(['services'], { PREFECT_API_DATABASE_CONNECTION_URL: handle.url, ...ENV }, /"queues":\["services\.MarkLateRuns"\].*"msg":"pg-boss coordinates the service ticks"/);

test.serial('two services processes tick once per interval between them, and the survivor of a SIGKILL keeps ticking', async (t) => {
  await withPostgres(async (handle, client) => {
    const run = await createFlowRun(handle.db);
    await forceFlowInto(handle.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: addSeconds(nowTimestamp(), -60) } }]);
    const started: StartedCommand[] = [];
    try {
      started.push(await startServices(handle), await startServices(handle));
      const before = await eventually(() => tickJobs(client), (jobs) => jobs.filter((job) => job.state === 'completed').length >= 4);
      t.true(before.length >= 4, `${before.length} jobs`);
      t.true(slotsAreContiguousAndSingle(before), JSON.stringify(before));

      // Kill the process that ran the latest tick, so the survivor has to take over.
      const latest = [...before].reverse().find((job) => job.state === 'completed')!;
      const victim = started.find((command) => command.child.pid === latest.pid);
      const survivor = started.find((command) => command !== victim)!;
      t.truthy(victim, `pid ${latest.pid} is one of ours`);
      const killedAt = Date.now() / 1000;
      victim!.child.kill('SIGKILL');
      const after = await eventually(
        async () => (await tickJobs(client)).filter((job) => job.slot > killedAt),
        (jobs) => jobs.filter((job) => job.state === 'completed').length >= 3,
      );
      t.true(after.length >= 3, `${after.length} jobs after the kill`);
      t.true(slotsAreContiguousAndSingle(after), JSON.stringify(after));
      t.true(after.every((job) => job.state === 'completed' && job.pid === survivor.child.pid), JSON.stringify(after));
      // The first slot after the kill started within one interval of it.
      t.true(after[0]!.started! - killedAt <= 1.5, `first tick ${after[0]!.started! - killedAt} s after the kill`);

      t.is(await survivor.stop(), 0);
      const jobs = await tickJobs(client);
      const completed = jobs.filter((job) => job.state === 'completed').length;
      const active = jobs.filter((job) => job.state === 'active').length;
      // Every tick either process ran was a pg-boss job; only the one the kill interrupted may
      // have finished its work without completing its job.
      const ticks = started.reduce((sum, command) => sum + countTicks(command.output()), 0);
      t.true(ticks >= completed && ticks <= completed + active, `${ticks} ticks, ${completed} completed and ${active} active jobs`);
      t.true(active <= 1, `${active} jobs left active`);
      t.true(slotsAreContiguousAndSingle(jobs), JSON.stringify(jobs));

      const late = await client.query(`SELECT count(*)::int AS n FROM flow_run_state WHERE flow_run_id = $1 AND name = 'Late'`, [run.id]);
      t.is(late.rows[0].n, 1);
    } finally {
      for (const command of started) command.child.kill('SIGKILL');
    }
  });
});

test.serial('SIGTERM lets the tick in progress finish and completes its pg-boss job', async (t) => {
  await withPostgres(async (handle, client) => {
    const run = await createFlowRun(handle.db);
    await forceFlowInto(handle.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: addSeconds(nowTimestamp(), -60) } }]);
    // Hold the run's row lock: the tick that tries to mark it late waits for it.
    const locker = new pg.Client({ connectionString: plainUrl(handle) });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM flow_run WHERE id = $1 FOR UPDATE', [run.id]);
    let services: StartedCommand | undefined;
    try {
      services = await startServices(handle);
      const held = await eventually(() => tickJobs(client), (jobs) => jobs.some((job) => job.state === 'active'));
      const blocked = held.find((job) => job.state === 'active');
      t.truthy(blocked, JSON.stringify(held));

      const exited = new Promise<number | null>((resolve) => services!.child.once('exit', (code) => resolve(code)));
      services.child.kill('SIGTERM');
      await sleep(1_500);
      t.is(services.child.exitCode, null, 'the process waits for its tick');
      const during = await tickJobs(client);
      t.is(during.find((job) => job.slot === blocked!.slot)?.state, 'active');
      t.false(during.some((job) => job.slot > blocked!.slot && job.state !== 'created'), 'no tick started after SIGTERM');

      await locker.query('COMMIT');
      t.is(await exited, 0);
      const jobs = await tickJobs(client);
      t.like(jobs.find((job) => job.slot === blocked!.slot), { state: 'completed', pid: services.child.pid });
      t.false(jobs.some((job) => job.state === 'active'));
      t.is((await handle.db.repositories.flowRuns.read(run.id))?.state_name, 'Late');
      t.regex(services.output(), /"report":\{"marked":1\}.*"msg":"MarkLateRuns finished a tick"/);
    } finally {
      await locker.end();
      services?.child.kill('SIGKILL');
    }
  });
});
