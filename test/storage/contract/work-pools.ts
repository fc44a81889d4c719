// Contract: work pools, their queues and workers, and the claim of scheduled runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { ForeignKeyViolationError, UniqueViolationError, nowTimestamp, type Database, type StateType } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

const PAST = '2020-01-01T00:00:00.000000Z';
const LEASE = 30;

async function aPool(db: Database, name = 'pool', extra: { concurrency_limit?: number | null; is_paused?: boolean } = {}) {
  return db.repositories.workPools.create({ name, type: 'process', ...extra });
}

/** A flow run in `queueId`, in state `type`, due at `when`. */
async function aRun(db: Database, queueId: string, name: string, when = PAST, type: StateType = 'SCHEDULED', policy: Record<string, unknown> = {}) {
  const { flow } = await db.repositories.flows.create({ name: 'flow' });
  const queue = (await db.repositories.workQueues.read(queueId))!;
  const { run } = await db.repositories.flowRuns.create(
    { flow_id: flow.id, name, work_queue_id: queueId, work_queue_name: queue.name, next_scheduled_start_time: when, expected_start_time: when, empirical_policy: policy },
    { type, name: type === 'SCHEDULED' ? 'Scheduled' : type.charAt(0) + type.slice(1).toLowerCase(), timestamp: nowTimestamp() },
  );
  return run;
}

const claim = (db: Database, workPoolId: string, extra: { limit?: number; workQueueIds?: string[]; leaseSeconds?: number; scheduledBefore?: string; scheduledAfter?: string } = {}) =>
  db.repositories.workPools.claimScheduledRuns({ workPoolId, limit: 100, leaseSeconds: LEASE, scheduledBefore: nowTimestamp(), ...extra });

const names = (claimed: { run: { name: string } }[]) => claimed.map((c) => c.run.name);

export function workPoolsContract(test: ContractTest['serial']): void {
  test('work pools: created with a default queue, NOT_READY or PAUSED, unique by name', async (t) => {
    const { workPools, workQueues } = t.context.db.repositories;
    const pool = await workPools.create({ name: 'p', type: 'process', base_job_template: { a: 1 } });
    t.is(pool.status, 'NOT_READY');
    t.deepEqual(pool.base_job_template, { a: 1 });
    t.is(pool.is_paused, false);
    const queue = (await workQueues.read(pool.default_queue_id!))!;
    t.like(queue, { name: 'default', priority: 1, work_pool_id: pool.id, work_pool_name: 'p', description: "The work pool's default queue." });
    t.is((await workPools.create({ name: 'paused', type: 'process', is_paused: true })).status, 'PAUSED');
    await t.throwsAsync(workPools.create({ name: 'p', type: 'other' }), { instanceOf: UniqueViolationError });
    t.is(await workPools.count(), 2);
    t.deepEqual((await workPools.list({ name: { any_: ['p'] } })).map((p) => p.name), ['p']);
    t.deepEqual((await workPools.list(null, { limit: 1, offset: 1 })).map((p) => p.name), ['paused']);
    t.is((await workPools.readByName('p'))?.id, pool.id);
  });

  test('work pools: pausing makes PAUSED, unpausing READY with an online worker and NOT_READY without', async (t) => {
    const { workPools, workers } = t.context.db.repositories;
    const pool = await aPool(t.context.db);
    t.true(await workPools.update(pool.id, { is_paused: true, description: 'd' }));
    t.like(await workPools.read(pool.id), { status: 'PAUSED', is_paused: true, description: 'd' });
    await workPools.update(pool.id, { is_paused: false });
    t.is((await workPools.read(pool.id))?.status, 'NOT_READY');
    await workers.heartbeat(pool.id, 'w1', 10);
    t.is((await workPools.read(pool.id))?.status, 'READY');
    await workPools.update(pool.id, { is_paused: true });
    await workers.heartbeat(pool.id, 'w1');
    t.is((await workPools.read(pool.id))?.status, 'PAUSED', 'a heartbeat does not unpause');
    await workPools.update(pool.id, { is_paused: false });
    const unpaused = (await workPools.read(pool.id))!;
    t.is(unpaused.status, 'READY');
    t.truthy(unpaused.last_status_event_id);
    t.false(await workPools.update('00000000-0000-4000-8000-000000000000', { is_paused: true }));
    t.true(await workPools.delete(pool.id));
    t.is(await workPools.read(pool.id), null);
  });

  test('work queues: priorities fill gaps, and a taken priority pushes the others down', async (t) => {
    const { workQueues } = t.context.db.repositories;
    const pool = await aPool(t.context.db);
    const b = await workQueues.create(pool.id, { name: 'b' });
    const c = await workQueues.create(pool.id, { name: 'c', priority: 5 });
    const d = await workQueues.create(pool.id, { name: 'd' });
    const order = async () => (await workQueues.listInPool(pool.id)).map((q) => `${q.name}:${q.priority}`);
    t.is(b.priority, 2);
    t.is(c.priority, 5);
    t.deepEqual(await order(), ['default:1', 'b:2', 'd:3', 'c:5']);
    await workQueues.create(pool.id, { name: 'top', priority: 1 });
    t.deepEqual(await order(), ['top:1', 'default:2', 'b:3', 'd:4', 'c:5']);
    t.true(await workQueues.update(c.id, { priority: 2 }));
    t.deepEqual(await order(), ['top:1', 'c:2', 'default:3', 'b:4', 'd:5']);
    await t.throwsAsync(workQueues.create(pool.id, { name: 'b' }), { instanceOf: UniqueViolationError });
    t.deepEqual((await workQueues.listInPool(pool.id, { name: { startswith_: ['D'] } })).map((q) => q.name), ['default', 'd']);
    t.is((await workQueues.readByName('pool', 'd'))?.id, d.id);
  });

  test('work queues: pause status, default queue protection and polls', async (t) => {
    const { db } = t.context;
    const { workPools, workQueues } = db.repositories;
    const pool = await aPool(db);
    const q = await workQueues.create(pool.id, { name: 'q', concurrency_limit: 2 });
    t.is(q.status, 'NOT_READY');
    await workQueues.update(q.id, { is_paused: true });
    t.is((await workQueues.read(q.id))?.status, 'PAUSED');
    await workQueues.update(q.id, { is_paused: false });
    t.is((await workQueues.read(q.id))?.status, 'NOT_READY');
    await workQueues.recordPoll([q.id]);
    const polled = (await workQueues.read(q.id))!;
    t.is(polled.status, 'READY');
    t.truthy(polled.last_polled);
    await workQueues.update(q.id, { is_paused: true });
    await workQueues.update(q.id, { is_paused: false });
    t.is((await workQueues.read(q.id))?.status, 'READY', 'recently polled');
    await aRun(db, q.id, 'running', PAST, 'RUNNING');
    await aRun(db, q.id, 'cancelling', PAST, 'CANCELLING');
    t.deepEqual(await workQueues.activeSlots([q.id], ['PENDING', 'RUNNING']), new Map([[q.id, 1]]));
    t.deepEqual(await workQueues.activeSlots([q.id], ['PENDING', 'RUNNING', 'CANCELLING']), new Map([[q.id, 2]]));
    await t.throwsAsync(workQueues.delete(pool.default_queue_id!), { instanceOf: ForeignKeyViolationError });
    t.true(await workQueues.delete(q.id));
    t.false(await workQueues.delete(q.id));
    t.truthy(await workPools.read(pool.id));
  });

  test('work queues: the legacy name lookup prefers default-agent-pool', async (t) => {
    const { workPools, workQueues } = t.context.db.repositories;
    const pool = await aPool(t.context.db);
    const inPool = await workQueues.create(pool.id, { name: 'shared' });
    t.is((await workQueues.readLegacyByName('shared'))?.id, inPool.id);
    const agent = await workPools.create({ name: 'default-agent-pool', type: 'prefect-agent' });
    t.is(agent.status, 'NOT_READY');
    t.is(await workQueues.readLegacyByName('shared'), null);
    const legacy = await workQueues.create(agent.id, { name: 'shared' });
    t.is((await workQueues.readLegacyByName('shared'))?.id, legacy.id);
    t.deepEqual((await workQueues.list()).map((q) => q.name), ['default', 'default', 'shared', 'shared']);
    t.deepEqual((await workQueues.list({ id: { any_: [legacy.id] } })).map((q) => q.work_pool_name), ['default-agent-pool']);
  });

  test('workers: heartbeats upsert by pool and name, keep the interval, and filter by status', async (t) => {
    const { db } = t.context;
    const { workers } = db.repositories;
    const pool = await aPool(db);
    const other = await aPool(db, 'other');
    // SQLite's clock has millisecond precision: apart, so the heartbeats order.
    await workers.heartbeat(pool.id, 'a', 15);
    await sleep(5);
    await workers.heartbeat(pool.id, 'b');
    await sleep(5);
    await workers.heartbeat(pool.id, 'a');
    await workers.heartbeat(other.id, 'a');
    const listed = await workers.list(pool.id);
    t.deepEqual(listed.map((w) => w.name), ['a', 'b']);
    t.like(listed[0], { status: 'ONLINE', heartbeat_interval_seconds: 15, work_pool_id: pool.id });
    t.is(await workers.markOfflineWithoutRecentHeartbeat({ multiple: 3, fallbackIntervalSeconds: 30 }), 0);
    await sleep(50);
    t.is(await workers.markOfflineWithoutRecentHeartbeat({ multiple: 0, fallbackIntervalSeconds: 30 }), 3);
    t.deepEqual(await workers.list(pool.id, { status: { any_: ['ONLINE'] } }), []);
    t.is((await workers.list(pool.id, { status: { not_any_: ['ONLINE'] }, last_heartbeat_time: { before_: nowTimestamp() } })).length, 2);
    t.true(await workers.delete(pool.id, 'a'));
    t.false(await workers.delete(pool.id, 'a'));
    t.is((await workers.list(other.id)).length, 1);
  });

  test('flow runs filter by their work queue and work pool', async (t) => {
    const { db } = t.context;
    const pool = await aPool(db);
    const other = await db.repositories.workQueues.create(pool.id, { name: 'other' });
    await aRun(db, pool.default_queue_id!, 'in-default');
    await aRun(db, other.id, 'in-other');
    const listed = async (filters: Parameters<typeof db.repositories.flowRuns.list>[0]) => (await db.repositories.flowRuns.list(filters)).map((r) => r.name);
    t.deepEqual(await listed({ work_pool_queues: { name: { any_: ['other'] } } }), ['in-other']);
    t.deepEqual(await listed({ work_pool_queues: { id: { any_: [pool.default_queue_id!] } } }), ['in-default']);
    t.is(await db.repositories.flowRuns.count({ work_pools: { name: { any_: ['pool'] } }, work_pool_queues: { name: { startswith_: ['oth'] } } }), 1);
  });

  test('racing queue creations and heartbeats: distinct priorities, one row per worker', async (t) => {
    const { db } = t.context;
    const { workQueues, workers, workPools } = db.repositories;
    const pool = await aPool(db);
    // Queue writes, heartbeats and polls all at once: no deadlock, no shared priority.
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => workQueues.create(pool.id, { name: `q${i}` })),
      ...Array.from({ length: 30 }, (_, i) => workers.heartbeat(pool.id, `w${i % 3}`, i % 2 === 0 ? 10 : null)),
      ...Array.from({ length: 5 }, () => workQueues.recordPoll([pool.default_queue_id!])),
    ]);
    const queues = await workQueues.listInPool(pool.id);
    await Promise.all([
      workQueues.create(pool.id, { name: 'first', priority: 1 }),
      workQueues.update(pool.default_queue_id!, { priority: 3 }),
      workQueues.update(queues.at(-1)!.id, { priority: 2, is_paused: true }),
      workQueues.recordPoll(queues.map((q) => q.id)),
    ]);
    const priorities = (await workQueues.listInPool(pool.id)).map((q) => q.priority);
    t.is(priorities.length, 14);
    t.is(new Set(priorities).size, 14, `priorities ${priorities.join(',')}`);
    t.deepEqual((await workers.list(pool.id)).map((w) => w.name).sort(), ['w0', 'w1', 'w2']);
    t.is((await workPools.read(pool.id))?.status, 'READY');
  });

  test('claim: by queue priority, then scheduled start; only due runs; the limit', async (t) => {
    const { db } = t.context;
    const pool = await aPool(db);
    const low = await db.repositories.workQueues.create(pool.id, { name: 'low', priority: 5 });
    await aRun(db, low.id, 'low-early', '2020-01-01T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'default-late', '2020-01-03T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'default-early', '2020-01-02T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'future', '2999-01-01T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'pending', PAST, 'PENDING');
    await aRun(db, pool.default_queue_id!, 'in-process-retry', PAST, 'SCHEDULED', { retry_type: 'in_process' });
    const first = await claim(db, pool.id, { limit: 2 });
    t.deepEqual(names(first), ['default-early', 'default-late']);
    t.deepEqual(first.map((c) => [c.work_pool_id, c.work_queue_id]), [[pool.id, pool.default_queue_id], [pool.id, pool.default_queue_id]]);
    t.deepEqual(names(await claim(db, pool.id)), ['low-early']);
    t.deepEqual(names(await claim(db, pool.id, { scheduledBefore: '3000-01-01T00:00:00.000000Z', scheduledAfter: '2100-01-01T00:00:00.000000Z' })), ['future']);
  });

  test('claim: named queues only; nothing from a paused pool or a paused queue', async (t) => {
    const { db } = t.context;
    const { workPools, workQueues } = db.repositories;
    const pool = await aPool(db);
    const other = await workQueues.create(pool.id, { name: 'other' });
    await aRun(db, pool.default_queue_id!, 'in-default');
    await aRun(db, other.id, 'in-other');
    await workPools.update(pool.id, { is_paused: true });
    t.deepEqual(await claim(db, pool.id), []);
    await workPools.update(pool.id, { is_paused: false });
    await workQueues.update(pool.default_queue_id!, { is_paused: true });
    t.deepEqual(names(await claim(db, pool.id, { workQueueIds: [pool.default_queue_id!] })), []);
    t.deepEqual(names(await claim(db, pool.id, { workQueueIds: [other.id] })), ['in-other']);
    await workQueues.update(pool.default_queue_id!, { is_paused: false });
    t.deepEqual(names(await claim(db, pool.id)), ['in-default']);
  });

  test('claim: queue and pool concurrency limits count PENDING, RUNNING and leased runs', async (t) => {
    const { db } = t.context;
    const { workPools, workQueues } = db.repositories;
    const pool = await aPool(db, 'pool', { concurrency_limit: 3 });
    const limited = await workQueues.create(pool.id, { name: 'limited', concurrency_limit: 2, priority: 1 });
    await aRun(db, limited.id, 'running', PAST, 'RUNNING');
    await aRun(db, limited.id, 'l1', '2020-01-02T00:00:00.000000Z');
    await aRun(db, limited.id, 'l2', '2020-01-03T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'd1', '2020-01-04T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'd2', '2020-01-05T00:00:00.000000Z');
    await aRun(db, pool.default_queue_id!, 'cancelling', PAST, 'CANCELLING');
    t.deepEqual(names(await claim(db, pool.id)), ['l1', 'd1'], 'the queue has one free slot, the pool two');
    t.deepEqual(await claim(db, pool.id), [], 'the leased runs hold their slots');
    t.deepEqual(await workPools.activeSlots([pool.id]), new Map([[pool.id, 1]]));
    await workPools.update(pool.id, { concurrency_limit: null });
    t.deepEqual(names(await claim(db, pool.id)), ['d2']);
  });

  test('claim: a leased run is not handed out again until its lease lapses', async (t) => {
    const { db } = t.context;
    const pool = await aPool(db);
    await aRun(db, pool.default_queue_id!, 'only');
    t.deepEqual(names(await claim(db, pool.id, { leaseSeconds: 1 })), ['only']);
    t.deepEqual(await claim(db, pool.id, { leaseSeconds: 1 }), []);
    await sleep(1100);
    t.deepEqual(names(await claim(db, pool.id)), ['only']);
    t.deepEqual(await claim(db, pool.id), []);
    t.deepEqual(await claim(db, '00000000-0000-4000-8000-000000000000'), []);
  });

  test('claim: concurrent claims never return the same run', async (t) => {
    const { db } = t.context;
    const pool = await aPool(db);
    for (let i = 0; i < 40; i += 1) await aRun(db, pool.default_queue_id!, `r${i}`, `2020-01-01T00:00:${String(i).padStart(2, '0')}.000000Z`);
    const claims = await Promise.all(Array.from({ length: 8 }, () => claim(db, pool.id, { limit: 7 })));
    const ids = claims.flat().map((c) => c.run.id);
    t.is(ids.length, 40);
    t.is(new Set(ids).size, 40);
  });

  test('claim: concurrent claims on a limited pool hand out exactly its free slots', async (t) => {
    const { db } = t.context;
    const pool = await aPool(db, 'pool', { concurrency_limit: 5 });
    const limited = await db.repositories.workQueues.create(pool.id, { name: 'limited', concurrency_limit: 2, priority: 1 });
    for (let i = 0; i < 12; i += 1) await aRun(db, i % 2 === 0 ? pool.default_queue_id! : limited.id, `r${i}`, `2020-01-01T00:00:${String(i).padStart(2, '0')}.000000Z`);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claim(db, pool.id, { limit: 3 })));
    const handed = claims.flat();
    t.is(handed.length, 5);
    t.is(new Set(handed.map((c) => c.run.id)).size, 5);
    t.is(handed.filter((c) => c.work_queue_id === limited.id).length, 2);
  });
}
