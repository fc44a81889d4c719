// Fifty workers race for one pool's scheduled runs through HTTP: each polls
// get_scheduled_flow_runs and proposes PENDING for every run it is handed. Every run must end
// with exactly one accepted PENDING, none may be handed out twice while its lease holds, and
// none may be left SCHEDULED.
import test from 'ava';
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

/** Runs to race for, as the worker-queue issue asks; CLAIM_RACE_RUNS=2000 for a quicker run. */
const RUNS = Number(process.env['CLAIM_RACE_RUNS'] ?? 10_000);
const WORKERS = 50;
const CLAIM_LIMIT = 10;
const CREATORS = 10;

async function scheduleRuns(db: Database, queueId: string, count: number): Promise<string[]> {
  const { flow } = await db.repositories.flows.create({ name: 'raced' });
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CREATORS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const when = new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString();
        const { run } = await db.repositories.flowRuns.create(
          { flow_id: flow.id, name: `run-${i}`, work_queue_id: queueId, work_queue_name: 'default', next_scheduled_start_time: when, expected_start_time: when },
          { type: 'SCHEDULED', name: 'Scheduled', timestamp: nowTimestamp(), state_details: { scheduled_time: when } },
        );
        ids.push(run.id);
      }
    }),
  );
  return ids;
}

interface Tally {
  handedOut: string[];
  statuses: Map<string, number>;
}

/** One worker: poll, propose PENDING for each run handed over, until a poll hands over nothing. */
async function worker(api: TestApi, tally: Tally): Promise<void> {
  for (;;) {
    const polled = await api.request('POST', '/work_pools/raced/get_scheduled_flow_runs', { scheduled_before: new Date().toISOString(), limit: CLAIM_LIMIT });
    if (polled.status !== 200) throw new Error(`poll answered ${polled.status}: ${JSON.stringify(polled.body)}`);
    const runs = polled.body as { flow_run: { id: string } }[];
    if (runs.length === 0) return;
    for (const { flow_run: run } of runs) {
      tally.handedOut.push(run.id);
      const proposed = await api.request('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'PENDING' } });
      const status = proposed.status === 200 || proposed.status === 201 ? String((proposed.body as { status: string }).status) : `HTTP ${proposed.status}`;
      tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    }
  }
}

for (const dialect of ['postgres', 'sqlite-file'] as const) {
  test(`${dialect}: ${WORKERS} workers claim ${RUNS} runs: each gets exactly one accepted PENDING`, async (t) => {
    t.timeout(600_000);
    const api = await startTestApi(dialect);
    try {
      const pool = (await api.request('POST', '/work_pools/', { name: 'raced', type: 'process' })).body as { default_queue_id: string };
      const { db } = api.handle;
      const ids = await scheduleRuns(db, pool.default_queue_id, RUNS);
      const tally: Tally = { handedOut: [], statuses: new Map() };
      await Promise.all(Array.from({ length: WORKERS }, () => worker(api, tally)));

      t.deepEqual(Object.fromEntries(tally.statuses), { ACCEPT: RUNS });
      t.is(tally.handedOut.length, RUNS, 'no run was handed out twice');
      t.is(new Set(tally.handedOut).size, RUNS);
      t.is(await db.repositories.flowRuns.count({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } } } }), 0);
      t.is(await db.repositories.flowRuns.count({ flow_runs: { state: { type: { any_: ['PENDING'] } } } }), RUNS);
      const pendingPerRun = new Map<number, number>();
      for (let i = 0; i < ids.length; i += 50) {
        const counts = await Promise.all(ids.slice(i, i + 50).map(async (id) => (await db.repositories.flowRuns.readStates(id)).filter((s) => s.type === 'PENDING').length));
        for (const count of counts) pendingPerRun.set(count, (pendingPerRun.get(count) ?? 0) + 1);
      }
      t.deepEqual(Object.fromEntries(pendingPerRun), { 1: RUNS }, 'runs by their number of PENDING states');
    } finally {
      await api.close();
    }
  });
}
