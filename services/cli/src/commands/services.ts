// `prefect-server-ts services`: only the background services, no API, until SIGTERM, which
// stops taking ticks, lets a tick in progress finish (completing its pg-boss job on
// Postgres), and then closes the database.
import type { Settings } from '@prefect-server-ts/settings';
import { describeDatabaseUrl } from '@prefect-server-ts/settings';
import { log } from '../log.ts';
import { openDatabase } from './open-database.ts';
import { onShutdown, runServices } from './run-services.ts';

export async function servicesCommand(settings: Settings): Promise<void> {
  const database = await openDatabase(settings);
  log.info({ database: describeDatabaseUrl(settings.database.url) }, 'connected');
  const services = await runServices(settings, database);

  onShutdown(async (signal) => {
    log.info({ signal }, 'shutting down: stopping background services');
    await services.stop();
    log.info('stopped background services');
    await database.close();
    log.info('stopped');
  });
}
