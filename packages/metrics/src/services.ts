// Background service ticks: how long each took, and how many failed, by service.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { TickObserver } from '@prefect-server-ts/services';
import { PREFIX, TICK_BUCKETS } from './names.ts';

export function serviceMetrics(registry: Registry): TickObserver {
  const duration = new Histogram({
    name: `${PREFIX}service_tick_duration_seconds`,
    help: 'Duration of background service ticks, failed ones included, by service.',
    labelNames: ['service'] as const,
    buckets: TICK_BUCKETS,
    registers: [registry],
  });
  const failures = new Counter({
    name: `${PREFIX}service_tick_failures_total`,
    help: 'Background service ticks that failed, by service.',
    labelNames: ['service'] as const,
    registers: [registry],
  });
  return ({ service, seconds, failed }) => {
    duration.observe({ service }, seconds);
    // A service that has never failed still shows 0, so that rate() sees the series from its first tick.
    failures.inc({ service }, failed ? 1 : 0);
  };
}
