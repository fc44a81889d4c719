// The express application: every route under /api, over one Database.
import express, { type Express } from 'express';
import type { Database } from '@prefect-server-ts/storage';
import { rootRoutes } from './routes/root.ts';

export function createApp(database: Database): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api', rootRoutes(database));
  return app;
}
