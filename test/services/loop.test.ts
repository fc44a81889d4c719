// The loop runner: a tick at once and then every interval, never two at a time, a failing
// tick logged without stopping the loop, stop() waiting for the tick in progress, and every
// finished tick told to the observer. The services runner starts exactly the enabled services.
import test from 'ava';
import { loadSettings } from '@prefect-server-ts/settings';
import { startLoop, startServices, type ServiceDefinition, type TickOutcome, type TickReport } from '../../packages/services/src/index.ts';
import { createTestDatabase } from '../helpers/databases.ts';
import { memoryLogger } from './fixtures.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds or `ms` pass: timing asserts stay true on a loaded machine. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await sleep(5);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

test('ticks at once, then once per interval measured from the start of each tick', async (t) => {
  const { log } = memoryLogger();
  // With an interval of a minute, a tick within a few seconds can only be the immediate one.
  let first = 0;
  const immediate = startLoop({ name: 'Immediate', loopSeconds: 60, tick: async () => ((first += 1), {}) }, log);
  await until(() => first > 0, 5_000);
  await immediate.stop();
  t.is(first, 1);

  const starts: number[] = [];
  const loop = startLoop({ name: 'Counter', loopSeconds: 0.1, tick: async () => (starts.push(performance.now()), { ticks: 1 }) }, log);
  await until(() => starts.length >= 4, 10_000);
  await loop.stop();
  t.true(starts.length >= 4, `${starts.length} ticks`);
  for (let i = 1; i < starts.length; i += 1) t.true(starts[i]! - starts[i - 1]! >= 95, `gap ${starts[i]! - starts[i - 1]!} ms`);
});

test('a tick slower than the interval delays the next one: ticks never overlap', async (t) => {
  let running = 0;
  let most = 0;
  let ticks = 0;
  const { log } = memoryLogger();
  const loop = startLoop(
    {
      name: 'Slow',
      loopSeconds: 0.01,
      tick: async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(60);
        running -= 1;
        ticks += 1;
        return {};
      },
    },
    log,
  );
  const began = performance.now();
  await until(() => ticks >= 4, 10_000);
  await loop.stop();
  t.is(most, 1);
  // Four ticks of 60 ms that never overlap take at least 240 ms, whatever the interval says.
  t.true(ticks >= 4 && performance.now() - began >= 4 * 60 - 5, `${ticks} ticks in ${performance.now() - began} ms`);
  t.is(running, 0);
});

test('stop() waits for the tick in progress and no tick starts afterwards', async (t) => {
  const release = deferred();
  const entered = deferred();
  let ticks = 0;
  let finished = false;
  const { log } = memoryLogger();
  const loop = startLoop(
    {
      name: 'Blocking',
      loopSeconds: 0.01,
      tick: async () => {
        ticks += 1;
        entered.resolve();
        await release.promise;
        finished = true;
        return {};
      },
    },
    log,
  );
  await entered.promise;
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await sleep(50);
  t.false(stopped);
  release.resolve();
  await stopping;
  t.true(finished);
  await sleep(50);
  t.is(ticks, 1);
});

test('a failing tick is logged with the service name and the loop goes on', async (t) => {
  let calls = 0;
  const { log, lines } = memoryLogger();
  const loop = startLoop(
    {
      name: 'Flaky',
      loopSeconds: 0.02,
      tick: async (): Promise<TickReport> => {
        calls += 1;
        if (calls === 1) throw new Error('database went away');
        return { fixed: 1 };
      },
    },
    log,
  );
  await until(() => calls >= 3, 5_000);
  await loop.stop();
  t.true(calls >= 3, `${calls} calls`);
  const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string; service: string; err?: { message: string }; report?: TickReport });
  const failure = records.find((record) => record.level === 50);
  t.like(failure, { msg: 'Flaky tick failed', service: 'Flaky', err: { message: 'database went away' } });
  t.like(records.find((record) => record.level === 30), { msg: 'Flaky finished a tick', report: { fixed: 1 } });
});

test('the observer hears of every finished tick, failed or not, with its duration', async (t) => {
  let calls = 0;
  const ticks: TickOutcome[] = [];
  const { log } = memoryLogger();
  const loop = startLoop(
    {
      name: 'Observed',
      loopSeconds: 0.02,
      tick: async (): Promise<TickReport> => {
        calls += 1;
        await sleep(5);
        if (calls === 2) throw new Error('once');
        return {};
      },
    },
    log,
    (tick) => void ticks.push(tick),
  );
  await sleep(100);
  await loop.stop();
  t.is(ticks.length, calls);
  t.deepEqual(ticks.map((tick) => tick.failed), ticks.map((_, i) => i === 1));
  t.true(ticks.every((tick) => tick.service === 'Observed' && tick.seconds > 0 && tick.seconds < 1), JSON.stringify(ticks));
});

test('startServices starts the enabled services only, and stop() stops them all', async (t) => {
  const ticked = new Set<string>();
  const definition = (name: string, key: 'lateRuns' | 'pauseExpirations'): ServiceDefinition => ({
    name,
    settings: (services) => services[key],
    tick: async () => (ticked.add(name), {}),
  });
  const handle = await createTestDatabase('sqlite-file');
  try {
    const { log } = memoryLogger();
    const settings = { ...handle.settings, services: loadSettings({ PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED: 'false' }).services };
    const running = await startServices({ database: handle.db, log, now: () => '2030-01-01T00:00:00.000000Z' }, settings, [definition('A', 'lateRuns'), definition('B', 'pauseExpirations')]);
    t.deepEqual(running.names, ['A']);
    t.is(running.coordination, 'in-process');
    t.deepEqual(await running.queueSizes(), {});
    await sleep(20);
    await running.stop();
    t.deepEqual([...ticked], ['A']);

    const all = await startServices(
      { database: handle.db, log, now: () => '2030-01-01T00:00:00.000000Z' },
      { ...handle.settings, services: loadSettings({ PREFECT_API_SERVICES_LATE_RUNS_ENABLED: 'no' }).services },
    );
    try {
      t.deepEqual(all.names, ['Scheduler', 'RecentDeploymentsScheduler', 'FailExpiredPauses', 'CancellationCleanup', 'Foreman', 'Repossessor']);
    } finally {
      // Loops left running would keep the test process from exiting.
      await all.stop();
    }
  } finally {
    await handle.dispose();
  }
});
