// HTTP request durations, by method, route template (never the raw URL, which would make a
// series per run id) and status code.
import { Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS, PREFIX } from './names.ts';

export interface HttpRequest {
  readonly method: string;
  /** The matched route template (`/api/flow_runs/:id`), or `unmatched`. */
  readonly route: string;
  readonly statusCode: number;
}

export type HttpRequestObserver = (request: HttpRequest, seconds: number) => void;

export function httpMetrics(registry: Registry): HttpRequestObserver {
  const duration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from receiving an HTTP request to finishing its response, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return ({ method, route, statusCode }, seconds) => duration.observe({ method, route, status_code: String(statusCode) }, seconds);
}
