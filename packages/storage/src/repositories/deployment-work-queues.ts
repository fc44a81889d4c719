// The work queue a deployment or a deployment's run is routed to, found or created as
// Prefect's deployment routes do. Kept apart from the work pools and queues resources so
// that it can be replaced by their repository.
import { sql } from 'slonik';
import type { WorkQueueLookup, WorkQueueRef } from '../port/deployments.ts';
import type { Executor, Row } from '../sql/executor.ts';

/** The pool Prefect keeps for queues named without a pool (agents of Prefect 2). */
const DEFAULT_AGENT_POOL = 'default-agent-pool';
const DEFAULT_QUEUE = 'default';

interface Pool {
  readonly id: string;
  readonly name: string;
  readonly default_queue_id: string | null;
}

const asRef = (row: Row, pool: { id: string; name: string }): WorkQueueRef => ({
  id: String(row['id']),
  name: String(row['name']),
  work_pool_id: pool.id,
  work_pool_name: pool.name,
});

export function workQueueResolver(db: Executor) {
  const readPool = async (name: string) =>
    (await db.maybeRow(sql.unsafe`SELECT id, name, default_queue_id FROM work_pool WHERE name = ${name}`)) as Pool | null;
  const readQueue = (poolId: string, name: string) =>
    db.maybeRow(sql.unsafe`SELECT id, name FROM work_queue WHERE work_pool_id = ${poolId} AND name = ${name}`);
  const readQueueById = (id: string) => db.maybeRow(sql.unsafe`SELECT id, name FROM work_queue WHERE id = ${id}`);

  /** Inserts unless a racing writer already did; either way returns the queue. */
  const insertQueue = async (pool: Pool, name: string, priority: number, description = '') => {
    await db.execute(sql.unsafe`
      INSERT INTO work_queue (work_pool_id, name, priority, description)
      VALUES (${pool.id}, ${name}, ${priority}, ${description})
      ON CONFLICT (work_pool_id, name) DO NOTHING`);
    return (await readQueue(pool.id, name))!;
  };

  /** Prefect's priority for a new queue: the first free rank from 1, else one past the last. */
  const nextPriority = async (poolId: string) => {
    const taken = (await db.rows(sql.unsafe`SELECT priority FROM work_queue WHERE work_pool_id = ${poolId} ORDER BY priority`)).map((r) =>
      Number(r['priority']),
    );
    const gap = taken.findIndex((priority, index) => priority !== index + 1);
    return gap === -1 ? taken.length + 1 : gap + 1;
  };

  /** Gives `queueId` priority 1 and moves the others down only as far as needed to stay unique. */
  const takeFirstPriority = async (poolId: string, queueId: string) => {
    const others = await db.rows(sql.unsafe`
      SELECT id, priority FROM work_queue WHERE work_pool_id = ${poolId} AND id <> ${queueId} ORDER BY priority, id`);
    let last = 1;
    for (const other of others) {
      const priority = Number(other['priority']);
      if (priority > last) {
        last = priority;
        continue;
      }
      last += 1;
      await db.execute(sql.unsafe`UPDATE work_queue SET priority = ${last} WHERE id = ${String(other['id'])}`);
    }
    await db.execute(sql.unsafe`UPDATE work_queue SET priority = 1 WHERE id = ${queueId}`);
  };

  const defaultAgentPool = async (): Promise<Pool> => {
    const existing = await readPool(DEFAULT_AGENT_POOL);
    if (existing) return existing;
    const created = await db.maybeRow(sql.unsafe`
      INSERT INTO work_pool (name, type) VALUES (${DEFAULT_AGENT_POOL}, 'prefect-agent')
      ON CONFLICT (name) DO NOTHING RETURNING id, name, default_queue_id`);
    if (!created) return (await readPool(DEFAULT_AGENT_POOL))!;
    const pool = created as unknown as Pool;
    const queue = await insertQueue(pool, DEFAULT_QUEUE, 1, "The work pool's default queue.");
    await db.execute(sql.unsafe`UPDATE work_pool SET default_queue_id = ${String(queue['id'])} WHERE id = ${pool.id}`);
    return { ...pool, default_queue_id: String(queue['id']) };
  };

  /**
   * A queue named without a pool lives in the default agent pool, which is created on
   * demand; before that pool exists, a queue of that name in any pool is used.
   */
  const legacyQueue = async (name: string): Promise<WorkQueueRef> => {
    if (!(await readPool(DEFAULT_AGENT_POOL))) {
      const anywhere = await db.maybeRow(sql.unsafe`
        SELECT q.id, q.name, p.id AS pool_id, p.name AS pool_name
        FROM work_queue AS q JOIN work_pool AS p ON p.id = q.work_pool_id
        WHERE q.name = ${name} ORDER BY q.id LIMIT 1`);
      if (anywhere) return asRef(anywhere, { id: String(anywhere['pool_id']), name: String(anywhere['pool_name']) });
    }
    const pool = await defaultAgentPool();
    if (name === DEFAULT_QUEUE && pool.default_queue_id) return asRef((await readQueueById(pool.default_queue_id))!, pool);
    const existing = await readQueue(pool.id, name);
    if (existing) return asRef(existing, pool);
    const queue = await insertQueue(pool, name, 1);
    await takeFirstPriority(pool.id, String(queue['id']));
    return asRef(queue, pool);
  };

  return async ({ workPoolName, workQueueName }: WorkQueueLookup): Promise<WorkQueueRef | null> => {
    if (!workPoolName) return workQueueName ? legacyQueue(workQueueName) : null;
    const pool = await readPool(workPoolName);
    if (!pool) return null;
    if (workQueueName) {
      const queue = (await readQueue(pool.id, workQueueName)) ?? (await insertQueue(pool, workQueueName, await nextPriority(pool.id)));
      return asRef(queue, pool);
    }
    const queue = pool.default_queue_id ? await readQueueById(pool.default_queue_id) : null;
    return queue ? asRef(queue, pool) : null;
  };
}
