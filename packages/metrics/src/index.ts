// Public surface of the metrics package: one process's registry and the observers that feed it.
export { createServerMetrics, type ServerMetrics } from './server-metrics.ts';
export type { HttpRequestObserver } from './http.ts';
export type { PgBossQueueReporter, PgBossQueueSize } from './pg-boss.ts';
