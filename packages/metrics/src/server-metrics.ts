// The metrics of one server process: a registry of its own holding prom-client's process
// metrics and every family of ours, and the observers that the API, the orchestration
// engine, the services and storage report to. The process wires them; nothing below this
// package imports prom-client.
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { TransitionObserver } from '@prefect-server-ts/orchestration';
import type { TickObserver } from '@prefect-server-ts/services';
import type { Database, Timestamp } from '@prefect-server-ts/storage';
import { databaseMetrics } from './database.ts';
import { httpMetrics, type HttpRequestObserver } from './http.ts';
import { orchestrationMetrics } from './orchestration.ts';
import { pgBossMetrics, type PgBossQueueReporter } from './pg-boss.ts';
import { serviceMetrics } from './services.ts';
import { workQueueMetrics } from './work-queues.ts';

export interface ServerMetrics {
  readonly registry: Registry;
  /** The content type of the exposition: Prometheus text format 0.0.4. */
  readonly contentType: string;
  /** The text exposition of every family, collected now. */
  exposition(): Promise<string>;
  readonly observeHttpRequest: HttpRequestObserver;
  readonly onTransition: TransitionObserver;
  readonly onTick: TickObserver;
  readonly reportPgBossQueues: PgBossQueueReporter;
  /** Stops observing the database. */
  close(): void;
}

export interface ServerMetricsOptions {
  /** The clock of the work queue lateness gauge. */
  readonly now?: () => Timestamp;
}

/**
 * Gauges among prom-client's defaults named like counters (`promtool check metrics` flags
 * them); `nodejs_active_handles` and its kin, by type, carry the same counts.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export function createServerMetrics(database: Database, options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  const observeHttpRequest = httpMetrics(registry);
  const stopObserving = database.observe(databaseMetrics(registry, database));
  const onTransition = orchestrationMetrics(registry);
  workQueueMetrics(registry, database, options.now);
  const onTick = serviceMetrics(registry);
  const reportPgBossQueues = pgBossMetrics(registry);
  return {
    registry,
    contentType: registry.contentType,
    exposition: () => registry.metrics(),
    observeHttpRequest,
    onTransition,
    onTick,
    reportPgBossQueues,
    close: stopObserving,
  };
}
