// GET /api/metrics: the Prometheus text exposition of this process. Not a Prefect route (the
// Python server has none); it sits behind basic auth like every other route when that is set.
import type { RequestHandler } from 'express';
import type { ServerMetrics } from '@prefect-server-ts/metrics';

export function metricsEndpoint(metrics: ServerMetrics): RequestHandler {
  return async (_req, res) => {
    const exposition = await metrics.exposition();
    res.set('Content-Type', metrics.contentType).send(exposition);
  };
}
