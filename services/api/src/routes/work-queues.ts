// Work queues: a pool's queues under /work_pools/{name}/queues, and the legacy /work_queues
// routes, whose queues live in `default-agent-pool`, created on first use.
import { z } from 'zod';
import {
  poolQueuesFilterBody,
  serializeFlowRun,
  serializeWorkQueue,
  Uuid,
  FlowRunResponse,
  WorkQueueCreate,
  WorkQueueResponse,
  workQueueRunsBody,
  workQueuesFilterBody,
  WorkQueueStatusDetail,
  workQueueStatusDetail,
  WorkQueueUpdate,
} from '@prefect-server-ts/schemas';
import {
  AGENT_POOL_TYPE,
  DEFAULT_AGENT_WORK_POOL_NAME,
  nowTimestamp,
  UniqueViolationError,
  type Database,
  type StateType,
  type WorkQueueRecord,
  type WorkQueueUpdate as WorkQueueChanges,
} from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, HttpError, notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';
import { integrityConflict, requirePool } from './work-pools.ts';

const ByPool = z.object({ work_pool_name: z.string() });
const ByPoolAndName = z.object({ work_pool_name: z.string(), name: z.string() });
const ById = z.object({ id: Uuid });
const ByName = z.object({ name: z.string() });
const poolTags = ['Work Pools'];
const tags = ['Work Queues'];

/** Runs holding a queue's slots as Prefect counts them under /work_pools, and under /work_queues. */
const POOL_QUEUE_SLOT_STATES: StateType[] = ['PENDING', 'RUNNING'];
const QUEUE_SLOT_STATES: StateType[] = ['PENDING', 'RUNNING', 'CANCELLING'];

async function serializeQueues(database: Database, queues: readonly WorkQueueRecord[], states: readonly StateType[]) {
  const limited = queues.filter((queue) => queue.concurrency_limit !== null).map((queue) => queue.id);
  const slots = await database.repositories.workQueues.activeSlots(limited, states);
  return queues.map((queue) => serializeWorkQueue(queue, slots.get(queue.id)));
}

/** The changes to apply: Prefect writes an explicit null into NOT NULL columns and answers the violation. */
function changes(update: WorkQueueUpdate): WorkQueueChanges {
  const { name, description, priority, last_polled: lastPolled, ...rest } = update;
  if (name === null || description === null || priority === null) throw integrityConflict();
  return {
    ...rest,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    ...(priority === undefined ? {} : { priority }),
    ...(lastPolled === undefined ? {} : { last_polled: lastPolled }),
  };
}

async function renamed<T>(work: Promise<T>, detail: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UniqueViolationError) throw conflict(detail);
    throw error;
  }
}

export function workQueueRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  const { workPools, workQueues } = database.repositories;

  const requireQueue = async (poolName: string, name: string) => {
    const queue = await workQueues.readByName(poolName, name);
    if (!queue) throw notFound(`Work pool queue '${poolName}/${name}' not found.`);
    return queue;
  };
  const requireQueueById = async (id: string, notFoundBody: unknown = { detail: 'work queue not found' }) => {
    const queue = await workQueues.read(id);
    if (!queue) throw new HttpError(404, notFoundBody);
    return queue;
  };

  route(
    { method: 'post', path: '/work_pools/:work_pool_name/queues', summary: 'Create Work Queue', tags: poolTags, params: ByPool, body: WorkQueueCreate, response: { status: 201, schema: WorkQueueResponse } },
    async ({ params, body, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      // Prefect's message is not an f-string: it names no pool.
      const queue = await renamed(workQueues.create(pool.id, body), 'A work queue with this name already exists in work pool {work_pool_name!r}.');
      res.status(201).json(serializeWorkQueue(queue, 0));
    },
  );
  route(
    { method: 'get', path: '/work_pools/:work_pool_name/queues/:name', summary: 'Read Work Queue', tags: poolTags, params: ByPoolAndName, response: { status: 200, schema: WorkQueueResponse } },
    async ({ params, res }) => {
      const [queue] = await serializeQueues(database, [await requireQueue(params.work_pool_name, params.name)], POOL_QUEUE_SLOT_STATES);
      res.json(queue);
    },
  );
  route(
    {
      method: 'post',
      path: '/work_pools/:work_pool_name/queues/filter',
      summary: 'Read Work Queues',
      tags: poolTags,
      params: ByPool,
      body: poolQueuesFilterBody(settings.api.defaultLimit),
      response: { status: 200, schema: z.array(WorkQueueResponse) },
    },
    async ({ params, body, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      const queues = await workQueues.listInPool(pool.id, body.work_queues, { limit: body.limit, offset: body.offset });
      res.json(await serializeQueues(database, queues, POOL_QUEUE_SLOT_STATES));
    },
  );
  route(
    { method: 'patch', path: '/work_pools/:work_pool_name/queues/:name', summary: 'Update Work Queue', tags: poolTags, params: ByPoolAndName, body: WorkQueueUpdate, response: { status: 204 } },
    async ({ params, body, res }) => {
      await requirePool(database, params.work_pool_name);
      const queue = await requireQueue(params.work_pool_name, params.name);
      await workQueues.update(queue.id, changes(body));
      res.status(204).end();
    },
  );
  route(
    { method: 'delete', path: '/work_pools/:work_pool_name/queues/:name', summary: 'Delete Work Queue', tags: poolTags, params: ByPoolAndName, response: { status: 204 } },
    async ({ params, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      const queue = await requireQueue(params.work_pool_name, params.name);
      // Prefect fails here with a 500; the default queue stays either way.
      if (pool.default_queue_id === queue.id) throw conflict("Can't delete a pool's default queue.");
      await workQueues.delete(queue.id);
      res.status(204).end();
    },
  );

  route({ method: 'post', path: '/work_queues/', summary: 'Create Work Queue', tags, body: WorkQueueCreate, response: { status: 201, schema: WorkQueueResponse } }, async ({ body, res }) => {
    let pool = await workPools.readByName(DEFAULT_AGENT_WORK_POOL_NAME);
    if (!pool) {
      try {
        pool = await workPools.create({ name: DEFAULT_AGENT_WORK_POOL_NAME, type: AGENT_POOL_TYPE });
        // The new pool's default queue is the one asked for.
        if (body.name === 'default') {
          res.status(201).json(serializeWorkQueue((await workQueues.read(pool.default_queue_id!))!, 0));
          return;
        }
      } catch (error) {
        if (!(error instanceof UniqueViolationError)) throw error;
        pool = (await workPools.readByName(DEFAULT_AGENT_WORK_POOL_NAME))!;
      }
    }
    const queue = await renamed(workQueues.create(pool.id, body), 'A work queue with this name already exists.');
    res.status(201).json(serializeWorkQueue(queue, 0));
  });
  route({ method: 'get', path: '/work_queues/name/:name', summary: 'Read Work Queue By Name', tags, params: ByName, response: { status: 200, schema: WorkQueueResponse } }, async ({ params, res }) => {
    const queue = await workQueues.readLegacyByName(params.name);
    if (!queue) throw notFound('work queue not found');
    res.json((await serializeQueues(database, [queue], QUEUE_SLOT_STATES))[0]);
  });
  route({ method: 'get', path: '/work_queues/:id', summary: 'Read Work Queue', tags, params: ById, response: { status: 200, schema: WorkQueueResponse } }, async ({ params, res }) => {
    res.json((await serializeQueues(database, [await requireQueueById(params.id)], QUEUE_SLOT_STATES))[0]);
  });
  route(
    { method: 'post', path: '/work_queues/filter', summary: 'Read Work Queues', tags, body: workQueuesFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(WorkQueueResponse) } },
    async ({ body, res }) => {
      const queues = await workQueues.list(body.work_queues, { limit: body.limit, offset: body.offset });
      res.json(await serializeQueues(database, queues, QUEUE_SLOT_STATES));
    },
  );
  route({ method: 'patch', path: '/work_queues/:id', summary: 'Update Work Queue', tags, params: ById, body: WorkQueueUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    if (!(await workQueues.update(params.id, changes(body)))) throw notFound(`Work Queue ${params.id} not found`);
    res.status(204).end();
  });
  route({ method: 'delete', path: '/work_queues/:id', summary: 'Delete Work Queue', tags, params: ById, response: { status: 204 } }, async ({ params, res }) => {
    // A pool's default queue is refused by its foreign key: 409, as Prefect answers here.
    if (!(await workQueues.delete(params.id))) throw notFound('work queue not found');
    res.status(204).end();
  });
  route(
    {
      method: 'post',
      path: '/work_queues/:id/get_runs',
      summary: 'Read Work Queue Runs',
      tags,
      params: ById,
      body: workQueueRunsBody(settings.api.defaultLimit),
      response: { status: 200, schema: z.array(FlowRunResponse) },
    },
    async ({ params, body, req, res }) => {
      const queue = await requireQueueById(params.id, { exception_message: `Work queue with id ${params.id} not found.` });
      const runs = await workQueues.scheduledRuns(queue, { scheduledBefore: body.scheduled_before, limit: body.limit });
      // The UI reads this to show what is enqueued: that is not a poll.
      if (!isTrue(req.header('x-prefect-ui'))) await workQueues.recordPoll([queue.id]);
      const now = nowTimestamp();
      res.json(runs.map((run) => serializeFlowRun(run, now)));
    },
  );
  route({ method: 'get', path: '/work_queues/:id/status', summary: 'Read Work Queue Status', tags, params: ById, response: { status: 200, schema: WorkQueueStatusDetail } }, async ({ params, res }) => {
    const queue = await requireQueueById(params.id, { exception_message: `Work queue with id ${params.id} not found` });
    res.json(workQueueStatusDetail(queue.last_polled, await workQueues.lateRunsCount(queue.id)));
  });
}

/** A boolean header as FastAPI parses one. */
function isTrue(value: string | undefined): boolean {
  return ['1', 'true', 'on', 'yes', 't', 'y'].includes((value ?? '').trim().toLowerCase());
}
