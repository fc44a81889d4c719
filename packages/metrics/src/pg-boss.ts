// pg-boss queue sizes, as the services coordinator reports them: each report replaces the
// last, so a queue that disappears from the reports disappears from the gauge.
import { Gauge, type Registry } from 'prom-client';
import { PREFIX } from './names.ts';

export interface PgBossQueueSize {
  readonly queue: string;
  /** The jobs' state as pg-boss names it (`queued`, `active`, `deferred`, …). */
  readonly state: string;
  readonly jobs: number;
}

export type PgBossQueueReporter = (sizes: readonly PgBossQueueSize[]) => void;

export function pgBossMetrics(registry: Registry): PgBossQueueReporter {
  const jobs = new Gauge({
    name: `${PREFIX}pgboss_queue_jobs`,
    help: 'Jobs in each pg-boss queue by state, as last reported by the services coordinator.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  return (sizes) => {
    jobs.reset();
    for (const { queue, state, jobs: count } of sizes) jobs.set({ queue, state }, count);
  };
}
