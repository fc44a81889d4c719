// The background services from the command line: `start` runs them beside the API and stops
// them after the API drains, `start --no-services` serves the API only, and `services` runs
// them without the API.
import test from 'ava';
import type { Database } from '@prefect-server-ts/storage';
import { addSeconds, nowTimestamp } from '@prefect-server-ts/storage';
import { runCli, startCommand, startServer, type StartedCommand } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFlowRun, forceFlowInto } from '../orchestration/fixtures.ts';

const FAST = {
  PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: '0.1',
  PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_LOOP_SECONDS: '0.1',
  PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_LOOP_SECONDS: '0.1',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A run scheduled a minute ago: the late-runs service marks it Late on its first tick. */
async function overdueRun(db: Database): Promise<string> {
  const run = await createFlowRun(db);
  await forceFlowInto(db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: addSeconds(nowTimestamp(), -60) } }]);
  return run.id;
}

async function stateName(db: Database, id: string): Promise<string | null> {
  return (await db.repositories.flowRuns.read(id))?.state_name ?? null;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

async function withDatabase(fn: (handle: TestDatabase) => Promise<void>): Promise<void> {
  const handle = await createTestDatabase('sqlite-file');
  try {
    await fn(handle);
  } finally {
    await handle.dispose();
  }
}

function linesBefore(output: string, first: string, second: string): boolean {
  const a = output.indexOf(first);
  const b = output.indexOf(second);
  return a >= 0 && b > a;
}

test.serial('start runs the services beside the API and stops them after the API drains', async (t) => {
  await withDatabase(async (handle) => {
    const id = await overdueRun(handle.db);
    const server = await startServer({ PREFECT_API_DATABASE_CONNECTION_URL: handle.url, ...FAST });
    try {
      t.true(await eventually(async () => (await stateName(handle.db, id)) === 'Late'));
      t.is((await fetch(`${server.api}/health`)).status, 200);
      t.regex(server.output(), /running background services: Scheduler, RecentDeploymentsScheduler, MarkLateRuns, FailExpiredPauses, CancellationCleanup, Foreman, Repossessor"/);
      t.is(await server.stop(), 0);
      const output = server.output();
      t.true(linesBefore(output, 'shutting down: draining requests', 'stopped background services'), output);
      t.true(linesBefore(output, 'stopped background services', '"msg":"stopped"'), output);
      t.notRegex(output, /tick failed/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

test.serial('start --no-services serves the API only', async (t) => {
  await withDatabase(async (handle) => {
    const id = await overdueRun(handle.db);
    const server = await startServer({ PREFECT_API_DATABASE_CONNECTION_URL: handle.url, ...FAST }, 30_000, ['start', '--no-services']);
    try {
      t.is((await fetch(`${server.api}/health`)).status, 200);
      await sleep(600);
      t.is(await stateName(handle.db, id), 'Scheduled');
      t.is(await server.stop(), 0);
      t.notRegex(server.output(), /background services/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

test.serial('services runs only the enabled services, without the API, until SIGTERM', async (t) => {
  await withDatabase(async (handle) => {
    const id = await overdueRun(handle.db);
    let services: StartedCommand | undefined;
    try {
      services = await startCommand(
        ['services'],
        {
          PREFECT_API_DATABASE_CONNECTION_URL: handle.url,
          PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED: 'false',
          PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'false',
          ...FAST,
        },
        /running background services: (.*?)"/,
      );
      t.is(services.ready[1], 'MarkLateRuns, FailExpiredPauses, Foreman, Repossessor');
      t.true(await eventually(async () => (await stateName(handle.db, id)) === 'Late'));
      t.is(await services.stop(), 0);
      const output = services.output();
      t.notRegex(output, /serving the Prefect API/);
      t.true(linesBefore(output, 'shutting down: stopping background services', 'stopped background services'), output);
      t.regex(output, /"msg":"stopped"/);
    } finally {
      services?.child.kill('SIGKILL');
    }
  });
});

test('services refuses a malformed service setting, naming the variable', async (t) => {
  const result = await runCli(['services'], { PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: 'fast' });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'prefect-server-ts: PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS="fast" is invalid: expected a number');
  t.is(result.stdout, '');
});

test('services fails fast on an unreachable database, naming host and port', async (t) => {
  const result = await runCli(['services'], { PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql+asyncpg://prefect@127.0.0.1:1/prefect' });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'prefect-server-ts: Cannot connect to Postgres at 127.0.0.1:1 (database "prefect"): connect ECONNREFUSED 127.0.0.1:1');
});
