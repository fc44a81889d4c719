// The foreman: silent workers go OFFLINE, READY pools without an ONLINE worker go NOT_READY,
// and deployments and queues nobody polled within their timeouts go NOT_READY.
import { loadSettings } from '@prefect-server-ts/settings';
import { addSeconds, nowTimestamp, type Database } from '@prefect-server-ts/storage';
import { foreman } from '../../packages/services/src/index.ts';
import { advancingFrom } from './clock.ts';
import { memoryLogger, serviceTest } from './fixtures.ts';

const settings = loadSettings({ PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE: '1' }).services.foreman;

function at(db: Database, secondsFromNow: number) {
  return { database: db, log: memoryLogger().log, now: advancingFrom(addSeconds(nowTimestamp(), secondsFromNow)) };
}

serviceTest('a worker silent for longer than its heartbeat interval goes OFFLINE, and its pool NOT_READY', async (t, { db }) => {
  const { workPools, workers } = db.repositories;
  const pool = await workPools.create({ name: 'pool', type: 'process' });
  const busy = await workPools.create({ name: 'busy', type: 'process' });
  await workers.heartbeat(pool.id, 'quiet', 1);
  await workers.heartbeat(busy.id, 'chatty', 60);
  t.is((await workPools.read(pool.id))?.status, 'READY');

  t.like(await foreman.tick(at(db, 0), settings), { workersOffline: 0, poolsNotReady: 0 });
  await new Promise((wait) => setTimeout(wait, 1_300));
  t.like(await foreman.tick(at(db, 0), settings), { workersOffline: 1, poolsNotReady: 1 });
  t.deepEqual((await workers.list(pool.id)).map((w) => w.status), ['OFFLINE']);
  t.is((await workPools.read(pool.id))?.status, 'NOT_READY');
  t.deepEqual((await workers.list(busy.id)).map((w) => w.status), ['ONLINE']);
  t.is((await workPools.read(busy.id))?.status, 'READY');
  t.like(await foreman.tick(at(db, 0), settings), { workersOffline: 0, poolsNotReady: 0 });
});

serviceTest('deployments and queues not polled within their timeouts go NOT_READY', async (t, { db }) => {
  const { workPools, workQueues, deployments, flows } = db.repositories;
  const pool = await workPools.create({ name: 'pool', type: 'process' });
  const queueId = pool.default_queue_id!;
  const { flow } = await flows.create({ name: 'f' });
  const { id } = await deployments.upsert({ flow_id: flow.id, name: 'd', values: { work_queue_id: queueId }, insertDefaults: {} });
  const { id: unqueued } = await deployments.upsert({ flow_id: flow.id, name: 'no-queue', values: {}, insertDefaults: {} });
  await workQueues.recordPoll([queueId]);
  await deployments.markPolled([unqueued]);
  t.is((await deployments.read(id))?.status, 'READY');
  t.is((await workQueues.read(queueId))?.status, 'READY');

  t.like(await foreman.tick(at(db, 30), settings), { deploymentsNotReady: 0, queuesNotReady: 0 });
  t.like(await foreman.tick(at(db, 61), settings), { deploymentsNotReady: 2, queuesNotReady: 1 });
  t.is((await deployments.read(id))?.status, 'NOT_READY');
  t.is((await deployments.read(unqueued))?.status, 'NOT_READY');
  t.is((await workQueues.read(queueId))?.status, 'NOT_READY');
});
