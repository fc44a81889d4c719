// POST /api/events: a batch of events over HTTP, for clients that cannot hold a websocket.
import { Router } from 'express';
import { z } from 'zod';
import { EventSchema, receiveEvents } from '@prefect-server-ts/events';
import type { ApiContext } from '../context.ts';
import { body } from '../http/validation.ts';

const EventBatch = z.array(EventSchema);

export function eventRoutes({ database }: ApiContext): Router {
  const router = Router();
  router.post('/events', async (req, res) => {
    await receiveEvents(database, body(EventBatch, req));
    res.status(204).end();
  });
  return router;
}
