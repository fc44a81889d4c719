// Liveness, readiness and greeting routes, at the paths and with the bodies Prefect serves.
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { RouteDeclarer } from '../http/route.ts';

const tags = ['Root'];

export function rootRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  route({ method: 'get', path: '/health', summary: 'Health Check', tags, response: { status: 200, schema: z.boolean() } }, ({ res }) => {
    res.json(true);
  });
  route({ method: 'get', path: '/hello', summary: 'Hello', tags, response: { status: 200, schema: z.string() } }, ({ res }) => {
    res.json('👋');
  });
  // Ready means the database answers; health means only that the process does.
  route({ method: 'get', path: '/ready', summary: 'Perform Readiness Check', tags, response: { status: 200 } }, async ({ res }) => {
    if (await database.isConnectable()) res.json({ message: 'OK' });
    else res.status(503).json({ message: 'Database is not available' });
  });
}
