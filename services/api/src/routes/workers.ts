// /work_pools/{name}/workers: heartbeats, the pool's workers, and their removal.
import { z } from 'zod';
import { serializeWorker, WorkerHeartbeatBody, WorkerResponse, workersFilterBody } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { notFound } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';
import { requirePool } from './work-pools.ts';

const ByPool = z.object({ work_pool_name: z.string() });
const ByPoolAndName = z.object({ work_pool_name: z.string(), name: z.string() });
const tags = ['Work Pools'];

export function workerRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  const { workers } = database.repositories;

  route(
    { method: 'post', path: '/work_pools/:work_pool_name/workers/heartbeat', summary: 'Worker Heartbeat', tags, params: ByPool, body: WorkerHeartbeatBody, response: { status: 204 } },
    async ({ params, body, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      await workers.heartbeat(pool.id, body.name, body.heartbeat_interval_seconds);
      res.status(204).end();
    },
  );
  route(
    {
      method: 'post',
      path: '/work_pools/:work_pool_name/workers/filter',
      summary: 'Read Workers',
      tags,
      params: ByPool,
      body: workersFilterBody(settings.api.defaultLimit),
      response: { status: 200, schema: z.array(WorkerResponse) },
    },
    async ({ params, body, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      res.json((await workers.list(pool.id, body.workers, { limit: body.limit, offset: body.offset })).map(serializeWorker));
    },
  );
  route(
    { method: 'delete', path: '/work_pools/:work_pool_name/workers/:name', summary: 'Delete Worker', tags, params: ByPoolAndName, response: { status: 204 } },
    async ({ params, res }) => {
      const pool = await requirePool(database, params.work_pool_name);
      if (!(await workers.delete(pool.id, params.name))) throw notFound('Worker not found.');
      res.status(204).end();
    },
  );
}
