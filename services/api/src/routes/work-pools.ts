// /work_pools: pools by name (Prefect's reserved `prefect*` names refused), and the claim
// that hands a pool's scheduled runs to a polling worker.
import { z } from 'zod';
import {
  workPoolScheduledFlowRunsBody,
  isReservedPoolName,
  serializeWorkerFlowRun,
  serializeWorkPool,
  WorkerFlowRunResponse,
  WorkPoolCreate,
  WorkPoolResponse,
  workPoolsFilterBody,
  WorkPoolsCountBody,
  WorkPoolUpdate,
} from '@prefect-server-ts/schemas';
import { nowTimestamp, UniqueViolationError, type Database, type WorkPoolRecord } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { conflict, forbidden, HttpError, notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const ByName = z.object({ name: z.string() });
const tags = ['Work Pools'];

/**
 * How long a run handed to one worker stays hidden from the others. The worker proposes
 * PENDING right away; if it dies first, the run is handed out again once this has passed.
 */
export const CLAIM_LEASE_SECONDS = 30;

/** Prefect's answer when a write breaks a database constraint (a null for a required column, say). */
export const integrityConflict = () =>
  new HttpError(409, { detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.' });

export async function requirePool(database: Database, name: string): Promise<WorkPoolRecord> {
  const pool = await database.repositories.workPools.readByName(name);
  if (!pool) throw notFound(`Work pool "${name}" not found.`);
  return pool;
}

/** The pools as Prefect answers them: active slots counted for those with a limit. */
export async function serializeWorkPools(database: Database, pools: readonly WorkPoolRecord[]) {
  const limited = pools.filter((pool) => pool.concurrency_limit !== null).map((pool) => pool.id);
  const slots = await database.repositories.workPools.activeSlots(limited);
  return pools.map((pool) => serializeWorkPool(pool, slots.get(pool.id)));
}

export function workPoolRoutes({ database, settings, log }: ApiContext, route: RouteDeclarer): void {
  const { workPools, workQueues } = database.repositories;

  route({ method: 'post', path: '/work_pools/', summary: 'Create Work Pool', tags, body: WorkPoolCreate, response: { status: 201, schema: WorkPoolResponse } }, async ({ body, res }) => {
    if (isReservedPoolName(body.name)) throw forbidden("Work pools starting with 'Prefect' are reserved for internal use.");
    try {
      res.status(201).json(serializeWorkPool(await workPools.create(body), 0));
    } catch (error) {
      if (error instanceof UniqueViolationError) throw conflict('A work pool with this name already exists.');
      throw error;
    }
  });
  route({ method: 'get', path: '/work_pools/:name', summary: 'Read Work Pool', tags, params: ByName, response: { status: 200, schema: WorkPoolResponse } }, async ({ params, res }) => {
    const [pool] = await serializeWorkPools(database, [await requirePool(database, params.name)]);
    res.json(pool);
  });
  route(
    { method: 'post', path: '/work_pools/filter', summary: 'Read Work Pools', tags, body: workPoolsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(WorkPoolResponse) } },
    async ({ body, res }) => {
      res.json(await serializeWorkPools(database, await workPools.list(body.work_pools, { limit: body.limit, offset: body.offset })));
    },
  );
  route({ method: 'post', path: '/work_pools/count', summary: 'Count Work Pools', tags, body: WorkPoolsCountBody, response: { status: 200, schema: z.int() } }, async ({ body, res }) => {
    res.json(await workPools.count(body.work_pools));
  });
  route({ method: 'patch', path: '/work_pools/:name', summary: 'Update Work Pool', tags, params: ByName, body: WorkPoolUpdate, response: { status: 204 } }, async ({ params, body, res }) => {
    if (isReservedPoolName(params.name) && Object.keys(body).some((field) => field !== 'is_paused' && field !== 'concurrency_limit')) {
      throw forbidden("Work pools starting with 'Prefect' are reserved for internal use and can only be updated to set concurrency limits or pause.");
    }
    const pool = await requirePool(database, params.name);
    const { is_paused: isPaused, base_job_template: template, storage_configuration: storage, ...rest } = body;
    // Prefect writes an explicit null into these NOT NULL columns and answers the violation.
    if (isPaused === null || template === null || storage === null) throw integrityConflict();
    await workPools.update(pool.id, {
      ...rest,
      ...(isPaused === undefined ? {} : { is_paused: isPaused }),
      ...(template === undefined ? {} : { base_job_template: template }),
      ...(storage === undefined ? {} : { storage_configuration: storage }),
    });
    res.status(204).end();
  });
  route({ method: 'delete', path: '/work_pools/:name', summary: 'Delete Work Pool', tags, params: ByName, response: { status: 204 } }, async ({ params, res }) => {
    if (isReservedPoolName(params.name)) throw forbidden("Work pools starting with 'Prefect' are reserved for internal use and can not be deleted.");
    await workPools.delete((await requirePool(database, params.name)).id);
    res.status(204).end();
  });
  route(
    {
      method: 'post',
      path: '/work_pools/:name/get_scheduled_flow_runs',
      summary: 'Get Scheduled Flow Runs',
      tags,
      params: ByName,
      body: workPoolScheduledFlowRunsBody(settings.api.defaultLimit),
      response: { status: 200, schema: z.array(WorkerFlowRunResponse) },
    },
    async ({ params, body, res }) => {
      const pool = await requirePool(database, params.name);
      const named = body.work_queue_names ?? [];
      const queues =
        named.length === 0
          ? await workQueues.listInPool(pool.id)
          : await Promise.all(
              named.map(async (queueName) => {
                const queue = await workQueues.readByName(pool.name, queueName);
                if (!queue) throw notFound(`Work pool queue '${pool.name}/${queueName}' not found.`);
                return queue;
              }),
            );
      const claimed = await workPools.claimScheduledRuns({
        workPoolId: pool.id,
        workQueueIds: named.length === 0 ? null : queues.map((queue) => queue.id),
        scheduledBefore: body.scheduled_before,
        scheduledAfter: body.scheduled_after,
        limit: body.limit,
        leaseSeconds: CLAIM_LEASE_SECONDS,
      });
      // The runs are leased to this worker now: a failure to record the poll must not lose them.
      try {
        await workQueues.recordPoll(queues.map((queue) => queue.id));
      } catch (error) {
        log.warn({ err: error, workPool: pool.name }, 'could not record a work queue poll');
      }
      const now = nowTimestamp();
      res.json(claimed.map((run) => serializeWorkerFlowRun(run, now)));
    },
  );
}
