// Contract: what storage reports to its observers (named query and repository call
// timings), and the per-queue backlog the metrics read.
import { addSeconds, nowTimestamp, type Database, type StorageObserver } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

interface Recorded {
  namedQueries: string[];
  calls: string[];
  connectionErrors: number;
  durations: number[];
}

function recorder(): { observer: StorageObserver; recorded: Recorded } {
  const recorded: Recorded = { namedQueries: [], calls: [], connectionErrors: 0, durations: [] };
  const observer: StorageObserver = {
    namedQuery: (name, seconds) => {
      recorded.namedQueries.push(name);
      recorded.durations.push(seconds);
    },
    repositoryCall: (repository, method, seconds) => {
      recorded.calls.push(`${repository}.${method}`);
      recorded.durations.push(seconds);
    },
    connectionError: () => {
      recorded.connectionErrors += 1;
    },
  };
  return { observer, recorded };
}

const plausible = (seconds: number) => Number.isFinite(seconds) && seconds >= 0 && seconds < 60;

async function scheduledRun(db: Database, queueId: string, name: string, when: string) {
  const { flow } = await db.repositories.flows.create({ name: 'flow' });
  const queue = (await db.repositories.workQueues.read(queueId))!;
  await db.repositories.flowRuns.create(
    { flow_id: flow.id, name, work_queue_id: queueId, work_queue_name: queue.name, next_scheduled_start_time: when, expected_start_time: when },
    { type: 'SCHEDULED', name: 'Scheduled', timestamp: nowTimestamp() },
  );
}

export function observationContract(test: ContractTest['serial']): void {
  test('observation: each repository call and each named-query statement is reported once, inside transactions too', async (t) => {
    const { db } = t.context;
    const { observer, recorded } = recorder();
    const pool = await db.repositories.workPools.create({ name: 'p', type: 'process' });
    const stop = db.observe(observer);
    await db.repositories.flows.readByName('nothing');
    await db.repositories.workPools.claimScheduledRuns({ workPoolId: pool.id, limit: 5, leaseSeconds: 30 });
    await db.transaction((repositories) => repositories.flows.read(pool.id));
    stop();
    await db.repositories.flows.readByName('unobserved');
    const { durations, ...names } = recorded;
    t.deepEqual(names, {
      namedQueries: ['get-scheduled-flow-runs'],
      calls: ['flows.readByName', 'workPools.claimScheduledRuns', 'flows.read'],
      connectionErrors: 0,
    });
    t.is(durations.length, 4);
    t.true(durations.every(plausible), String(durations));
  });

  test('observation: a failing call is still timed, and is no connection error', async (t) => {
    const { db } = t.context;
    const { observer, recorded } = recorder();
    db.observe(observer);
    await t.throwsAsync(db.repositories.flowRuns.create({ flow_id: '00000000-0000-0000-0000-000000000000', name: 'orphan' }));
    t.like(recorded, { namedQueries: [], calls: ['flowRuns.create'], connectionErrors: 0 });
  });

  test('work queue backlog: every queue, its SCHEDULED runs, those due, and the earliest start', async (t) => {
    const { db } = t.context;
    const now = nowTimestamp();
    const busy = await db.repositories.workPools.create({ name: 'busy', type: 'process' });
    await db.repositories.workPools.create({ name: 'idle', type: 'process' });
    const second = await db.repositories.workQueues.create(busy.id, { name: 'second' });
    await scheduledRun(db, busy.default_queue_id!, 'late', addSeconds(now, -120));
    await scheduledRun(db, busy.default_queue_id!, 'due', addSeconds(now, -5));
    await scheduledRun(db, busy.default_queue_id!, 'future', addSeconds(now, 600));
    await scheduledRun(db, second.id, 'later', addSeconds(now, 3600));
    const { flow } = await db.repositories.flows.create({ name: 'flow' });
    await db.repositories.flowRuns.create(
      { flow_id: flow.id, name: 'running', work_queue_id: second.id, work_queue_name: 'second' },
      { type: 'RUNNING', name: 'Running', timestamp: now },
    );
    t.deepEqual(await db.repositories.workQueues.backlog(now), [
      { work_pool_name: 'busy', work_queue_name: 'default', scheduled: 3, due: 2, earliest_start: addSeconds(now, -120) },
      { work_pool_name: 'busy', work_queue_name: 'second', scheduled: 1, due: 0, earliest_start: addSeconds(now, 3600) },
      { work_pool_name: 'idle', work_queue_name: 'default', scheduled: 0, due: 0, earliest_start: null },
    ]);
  });
}
