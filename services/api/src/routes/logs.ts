// /logs: batched creation (one transaction, split under the parameter limit) and filtered reads.
import { Router } from 'express';
import { LogCreateList, logsFilterBody, serializeLog } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import { body } from '../http/validation.ts';

export function logRoutes({ database, settings }: ApiContext): Router {
  const router = Router();
  const FilterBody = logsFilterBody(settings.api.defaultLimit);
  router.post('/logs/', async (req, res) => {
    await database.repositories.logs.createMany(body(LogCreateList, req));
    res.status(201).end();
  });
  router.post('/logs/filter', async (req, res) => {
    const { logs: filter, sort, limit, offset } = body(FilterBody, req);
    res.json((await database.repositories.logs.list(filter ?? undefined, { sort, limit, offset })).map(serializeLog));
  });
  return router;
}
