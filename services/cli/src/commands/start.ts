// `prefect-server-ts start`: migrate when asked to, then serve the API and run the background
// services until SIGTERM, which drains requests, then stops the services (letting a tick in
// progress finish), then closes the database.
import type { Settings } from '@prefect-server-ts/settings';
import { listen } from '@prefect-server-ts/api';
import { createServerMetrics } from '@prefect-server-ts/metrics';
import { describeDatabaseUrl } from '@prefect-server-ts/settings';
import { log } from '../log.ts';
import { openDatabase } from './open-database.ts';
import { onShutdown, runServices } from './run-services.ts';

export async function start(settings: Settings, overrides: { host?: string; port?: number; services?: boolean }): Promise<void> {
  const database = await openDatabase(settings);
  const host = overrides.host ?? settings.api.host;
  const port = overrides.port ?? settings.api.port;
  // One registry for the process: /api/metrics shows the services' ticks too.
  const metrics = createServerMetrics(database);
  const running = await listen({ database, settings, log, metrics }, host, port);
  log.info({ url: running.url, database: describeDatabaseUrl(settings.database.url) }, `serving the Prefect API at ${running.url}/api`);
  const services = overrides.services === false ? null : await runServices(settings, database, metrics);

  onShutdown(async (signal) => {
    log.info({ signal }, 'shutting down: draining requests');
    await running.drain();
    if (services) {
      await services.stop();
      log.info('stopped background services');
    }
    metrics.close();
    await database.close();
    log.info('stopped');
  });
}
