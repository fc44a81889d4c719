// Liveness, readiness and greeting routes, at the paths and with the bodies Prefect serves.
import { z } from 'zod';
import { DatabaseUnavailableError, MigrationError } from '@prefect-server-ts/storage';
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
  // Ready means the database answers and its schema is the one this code expects (a replica
  // of a new release waits for its migration); health means only that the process answers.
  route({ method: 'get', path: '/ready', summary: 'Perform Readiness Check', tags, response: { status: 200 } }, async ({ res }) => {
    if (!(await database.isConnectable())) {
      res.status(503).json({ message: 'Database is not available' });
      return;
    }
    try {
      await database.assertSchemaCurrent();
    } catch (error) {
      if (error instanceof MigrationError) {
        res.status(503).json({ message: error.message });
        return;
      }
      if (error instanceof DatabaseUnavailableError) {
        res.status(503).json({ message: 'Database is not available' });
        return;
      }
      throw error;
    }
    res.json({ message: 'OK' });
  });
}
