// The database as the process sees it: its connection pool (read at scrape time), the
// failures to reach it, and how long named queries and repository calls take.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database, PoolStats, StorageObserver } from '@prefect-server-ts/storage';
import { LATENCY_BUCKETS, PREFIX } from './names.ts';

function poolGauge(registry: Registry, database: Database, name: string, help: string, read: (stats: PoolStats) => number): void {
  new Gauge({
    name: `${PREFIX}database_pool_${name}`,
    help,
    registers: [registry],
    collect() {
      this.set(read(database.poolStats()));
    },
  });
}

/** Registers the database families and returns the observer to add to `database`. */
export function databaseMetrics(registry: Registry, database: Database): StorageObserver {
  poolGauge(registry, database, 'connections', 'Connections the pool holds: idle, in use, or being opened.', (stats) => stats.total);
  poolGauge(registry, database, 'idle_connections', 'Open connections of the pool that no caller holds.', (stats) => stats.idle);
  poolGauge(registry, database, 'in_use_connections', 'Connections of the pool that a caller holds.', (stats) => stats.inUse);
  poolGauge(registry, database, 'waiting_clients', 'Callers waiting for a connection of the pool.', (stats) => stats.waiting);
  const connectionErrors = new Counter({
    name: `${PREFIX}database_connection_errors_total`,
    help: 'Times the database could not be reached: a pool that could not connect, a failed connect check, or a query that lost its connection.',
    registers: [registry],
  });
  const namedQueries = new Histogram({
    name: `${PREFIX}database_named_query_duration_seconds`,
    help: 'Duration of the statements kept as named SQL files (sql/<dialect>/<query>.sql), by query name.',
    labelNames: ['query'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const repositoryCalls = new Histogram({
    name: `${PREFIX}database_repository_call_duration_seconds`,
    help: 'Duration of storage repository calls (one or more statements, or a transaction), by repository and method.',
    labelNames: ['repository', 'method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    namedQuery: (query, seconds) => namedQueries.observe({ query }, seconds),
    repositoryCall: (repository, method, seconds) => repositoryCalls.observe({ repository, method }, seconds),
    connectionError: () => connectionErrors.inc(),
  };
}
