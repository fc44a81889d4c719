// /logs: batched creation (one transaction, split under the parameter limit) and filtered reads.
import { z } from 'zod';
import { Log, LogCreateList, logsFilterBody, serializeLog } from '@prefect-server-ts/schemas';
import type { ApiContext } from '../context.ts';
import type { RouteDeclarer } from '../http/route.ts';

const tags = ['Logs'];

export function logRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  route({ method: 'post', path: '/logs/', summary: 'Create Logs', tags, body: LogCreateList, response: { status: 201 } }, async ({ body, res }) => {
    await database.repositories.logs.createMany(body);
    res.status(201).end();
  });
  route(
    { method: 'post', path: '/logs/filter', summary: 'Read Logs', tags, body: logsFilterBody(settings.api.defaultLimit), response: { status: 200, schema: z.array(Log) } },
    async ({ body: { logs: filter, sort, limit, offset }, res }) => {
      res.json((await database.repositories.logs.list(filter ?? undefined, { sort, limit, offset })).map(serializeLog));
    },
  );
}
