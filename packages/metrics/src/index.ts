// Public surface of the metrics package: one process's registry and the observers that feed it.
export { createServerMetrics, type ServerMetrics, type ServerMetricsOptions } from './server-metrics.ts';
export type { HttpRequest, HttpRequestObserver } from './http.ts';
export type { PgBossQueueReporter, PgBossQueueSize } from './pg-boss.ts';
export { NO_STATE } from './orchestration.ts';
export { PREFIX } from './names.ts';
