// The metrics of one server: a registry of its own holding every family of ours, exposed
// together with the process metrics, and the observers that the API, the orchestration
// engine, the services and storage report to. The process wires them; nothing below this
// package imports prom-client.
import { Registry } from 'prom-client';
import type { TransitionObserver } from '@prefect-server-ts/orchestration';
import type { TickObserver } from '@prefect-server-ts/services';
import type { Database } from '@prefect-server-ts/storage';
import { databaseMetrics } from './database.ts';
import { httpMetrics, type HttpRequestObserver } from './http.ts';
import { orchestrationMetrics } from './orchestration.ts';
import { pgBossMetrics, type PgBossQueueReporter } from './pg-boss.ts';
import { processMetrics } from './process.ts';
import { serviceMetrics } from './services.ts';
import { workQueueMetrics } from './work-queues.ts';

export interface ServerMetrics {
  /** What the server exposes: the process metrics and its own families. */
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

export function createServerMetrics(database: Database): ServerMetrics {
  const registry = new Registry();
  const observeHttpRequest = httpMetrics(registry);
  const stopObserving = database.observe(databaseMetrics(registry, database));
  const onTransition = orchestrationMetrics(registry);
  workQueueMetrics(registry, database);
  const onTick = serviceMetrics(registry);
  const reportPgBossQueues = pgBossMetrics(registry);
  const exposed = Registry.merge([processMetrics(), registry]);
  return {
    registry: exposed,
    contentType: exposed.contentType,
    exposition: () => exposed.metrics(),
    observeHttpRequest,
    onTransition,
    onTick,
    reportPgBossQueues,
    close: stopObserving,
  };
}
