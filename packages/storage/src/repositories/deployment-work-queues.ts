// The work queue a deployment or a deployment's run is routed to, found or created as
// Prefect's deployment routes do, through the work pools and work queues repositories.
import { UniqueViolationError } from '../port/errors.ts';
import type { WorkQueueLookup, WorkQueueRef } from '../port/deployments.ts';
import { AGENT_POOL_TYPE, DEFAULT_AGENT_WORK_POOL_NAME, type WorkPoolRecord } from '../port/work-pools.ts';
import type { WorkQueueInsert, WorkQueueRecord } from '../port/work-queues.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { workPoolsRepository } from './work-pools.ts';
import { workQueuesRepository } from './work-queues.ts';

const DEFAULT_QUEUE = 'default';

const asRef = (queue: WorkQueueRecord): WorkQueueRef => ({
  id: queue.id,
  name: queue.name,
  work_pool_id: queue.work_pool_id,
  work_pool_name: queue.work_pool_name,
});

/** Runs `create`, or, when a racing writer created the same row first, `read`s theirs. */
async function createOrRead<T>(create: () => Promise<T>, read: () => Promise<T | null>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof UniqueViolationError)) throw error;
    return (await read())!;
  }
}

export function workQueueResolver(db: Executor, dialect: SqlDialect) {
  const pools = workPoolsRepository(db, dialect);
  const queues = workQueuesRepository(db, dialect);

  const queueIn = async (pool: WorkPoolRecord, name: string, insert: WorkQueueInsert = { name }) =>
    (await queues.readByName(pool.name, name)) ??
    createOrRead(
      () => queues.create(pool.id, insert),
      () => queues.readByName(pool.name, name),
    );

  /**
   * A queue named without a pool lives in the default agent pool, created on demand; before
   * that pool exists, a queue of that name in any pool is used. A new legacy queue goes first.
   */
  const legacyQueue = async (name: string): Promise<WorkQueueRecord> => {
    const existing = await queues.readLegacyByName(name);
    if (existing) return existing;
    const pool =
      (await pools.readByName(DEFAULT_AGENT_WORK_POOL_NAME)) ??
      (await createOrRead(
        () => pools.create({ name: DEFAULT_AGENT_WORK_POOL_NAME, type: AGENT_POOL_TYPE }),
        () => pools.readByName(DEFAULT_AGENT_WORK_POOL_NAME),
      ));
    return queueIn(pool, name, name === DEFAULT_QUEUE ? { name } : { name, priority: 1 });
  };

  return async ({ workPoolName, workQueueName }: WorkQueueLookup): Promise<WorkQueueRef | null> => {
    if (!workPoolName) return workQueueName ? asRef(await legacyQueue(workQueueName)) : null;
    const pool = await pools.readByName(workPoolName);
    if (!pool) return null;
    if (workQueueName) return asRef(await queueIn(pool, workQueueName));
    const queue = pool.default_queue_id ? await queues.read(pool.default_queue_id) : null;
    return queue ? asRef(queue) : null;
  };
}
