// The background services of one process: started from the settings, stopped on request.
import type { ServerMetrics } from '@prefect-server-ts/metrics';
import type { Settings } from '@prefect-server-ts/settings';
import { startServices, type RunningServices } from '@prefect-server-ts/services';
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import { log } from '../log.ts';

const QUEUE_REPORT_MS = 15_000;

export async function runServices(settings: Settings, database: Database, metrics: ServerMetrics): Promise<RunningServices> {
  const running = await startServices({ database, log, now: nowTimestamp, onTick: metrics.onTick }, settings);
  if (running.names.length === 0) log.warn('every background service is disabled');
  else log.info({ services: running.names, coordination: running.coordination }, `running background services: ${running.names.join(', ')}`);
  if (running.coordination !== 'pg-boss') return running;
  // pg-boss counts its queues on its own monitor pass; passing them on as often is enough.
  const report = setInterval(() => {
    running
      .queueSizes()
      .then((sizes) => metrics.reportPgBossQueues(Object.entries(sizes).map(([queue, jobs]) => ({ queue, state: 'queued', jobs }))))
      .catch((error: unknown) => log.debug({ err: error }, 'could not read the pg-boss queue sizes'));
  }, QUEUE_REPORT_MS);
  report.unref();
  return {
    ...running,
    stop: async () => {
      clearInterval(report);
      await running.stop();
    },
  };
}

/** Calls `stop` once, on the first SIGTERM or SIGINT. */
export function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.once('SIGTERM', () => handle('SIGTERM'));
  process.once('SIGINT', () => handle('SIGINT'));
}
