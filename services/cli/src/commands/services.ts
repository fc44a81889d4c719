// `prefect-server-ts services`: only the background services, no API, until SIGTERM, which
// stops taking ticks, lets a tick in progress finish (completing its pg-boss job on
// Postgres), and then closes the database. With PREFECT_SERVER_TS_METRICS_PORT set it also
// serves /api/metrics on that port.
import { listenMetrics, type MetricsListener } from '@prefect-server-ts/api';
import { createServerMetrics } from '@prefect-server-ts/metrics';
import type { Settings } from '@prefect-server-ts/settings';
import { describeDatabaseUrl } from '@prefect-server-ts/settings';
import { log } from '../log.ts';
import { openDatabase } from './open-database.ts';
import { onShutdown, runServices } from './run-services.ts';

export async function servicesCommand(settings: Settings): Promise<void> {
  const database = await openDatabase(settings);
  log.info({ database: describeDatabaseUrl(settings.database.url) }, 'connected');
  const metrics = createServerMetrics(database);
  let listener: MetricsListener | undefined;
  if (settings.metrics.port !== undefined) {
    listener = await listenMetrics(metrics, { host: settings.metrics.host, port: settings.metrics.port, authString: settings.api.authString });
    log.info({ url: listener.url }, `serving metrics at ${listener.url}`);
  }
  const services = await runServices(settings, database, metrics);

  onShutdown(async (signal) => {
    log.info({ signal }, 'shutting down: stopping background services');
    await listener?.close();
    await services.stop();
    log.info('stopped background services');
    metrics.close();
    await database.close();
    log.info('stopped');
  });
}
