// Times every request for the metrics, labelled with the route template express matched
// (`/api/flow_runs/:id`): the raw URL would make a series per run id.
import type { RequestHandler } from 'express';
import type { HttpRequestObserver } from '@prefect-server-ts/metrics';
import { routeTemplate } from '../route-template.ts';

const UNMATCHED_ROUTE = 'unmatched';

export function httpMetrics(observe: HttpRequestObserver): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      observe({ method: req.method, route: routeTemplate(req) ?? UNMATCHED_ROUTE, statusCode: res.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
