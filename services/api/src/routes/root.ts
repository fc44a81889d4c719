// Liveness, readiness and greeting routes, at the paths and with the bodies Prefect serves.
import { Router } from 'express';
import type { Database } from '@prefect-server-ts/storage';

export function rootRoutes(database: Database): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json(true);
  });
  router.get('/hello', (_req, res) => {
    res.json('👋');
  });
  // Ready means the database answers; health means only that the process does.
  router.get('/ready', async (_req, res) => {
    if (await database.isConnectable()) res.json({ message: 'OK' });
    else res.status(503).json({ message: 'Database is not available' });
  });
  return router;
}
