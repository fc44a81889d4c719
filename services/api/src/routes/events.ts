// POST /api/events: a batch of events over HTTP, for clients that cannot hold a websocket.
import { z } from 'zod';
import { EventSchema, receiveEvents } from '@prefect-server-ts/events';
import type { ApiContext } from '../context.ts';
import type { RouteDeclarer } from '../http/route.ts';

export function eventRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  route({ method: 'post', path: '/events', summary: 'Create Events', tags: ['Events'], body: z.array(EventSchema), response: { status: 204 } }, async ({ body, res }) => {
    await receiveEvents(database, body);
    res.status(204).end();
  });
}
