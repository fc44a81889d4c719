// The scheduled runs waiting in each work queue, read from the database at scrape time with
// one grouped query shared by the three gauges of a scrape. When the database cannot answer,
// the gauges go empty rather than repeat stale values.
import { Gauge, type Registry } from 'prom-client';
import { nowTimestamp, secondsBetween, type Database, type Timestamp, type WorkQueueBacklog } from '@prefect-server-ts/storage';
import { PREFIX } from './names.ts';

interface Reading {
  readonly now: Timestamp;
  readonly queues: readonly WorkQueueBacklog[];
}

function lateness(queue: WorkQueueBacklog, now: Timestamp): number {
  return queue.earliest_start === null ? 0 : Math.max(0, secondsBetween(queue.earliest_start, now));
}

export function workQueueMetrics(registry: Registry, database: Database): void {
  let reading: Promise<Reading> | undefined;
  const read = (): Promise<Reading> => {
    reading ??= (async () => {
      const at = nowTimestamp();
      try {
        return { now: at, queues: await database.repositories.workQueues.backlog(at) };
      } catch {
        return { now: at, queues: [] };
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };
  const gauge = (name: string, help: string, value: (queue: WorkQueueBacklog, now: Timestamp) => number) =>
    new Gauge({
      name: `${PREFIX}work_queue_${name}`,
      help,
      labelNames: ['work_pool', 'work_queue'] as const,
      registers: [registry],
      async collect() {
        const { now: at, queues } = await read();
        this.reset();
        for (const queue of queues) this.set({ work_pool: queue.work_pool_name, work_queue: queue.work_queue_name }, value(queue, at));
      },
    });
  gauge('scheduled_flow_runs', 'SCHEDULED flow runs in the work queue (Late ones included), due or not.', (queue) => queue.scheduled);
  gauge('due_flow_runs', 'SCHEDULED flow runs in the work queue whose scheduled start has passed: what workers could take now.', (queue) => queue.due);
  gauge('lateness_seconds', "How long the work queue's earliest scheduled run has waited past its scheduled start; 0 when none is due.", lateness);
}
