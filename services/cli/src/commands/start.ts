// `prefect-server-ts start`: migrate when asked to, then serve the API until SIGTERM.
import type { Settings } from '@prefect-server-ts/settings';
import { getDatabase } from '@prefect-server-ts/storage';
import { listen } from '@prefect-server-ts/api';
import { describeDatabaseUrl } from '@prefect-server-ts/settings';
import { log } from '../log.ts';

export async function start(settings: Settings, overrides: { host?: string; port?: number }): Promise<void> {
  const database = await getDatabase(settings.database, { echo: (statement) => log.info({ sql: statement }, 'sql') });
  // Fails within the connection timeout, naming host and port, rather than serving a
  // replica that can never become ready.
  await database.connect();
  if (settings.database.migrateOnStart) {
    const applied = await database.upgrade();
    if (applied.length > 0) log.info({ applied }, 'applied migrations');
  }
  const host = overrides.host ?? settings.api.host;
  const port = overrides.port ?? settings.api.port;
  const running = await listen({ database, settings, log }, host, port);
  log.info({ url: running.url, database: describeDatabaseUrl(settings.database.url) }, `serving the Prefect API at ${running.url}/api`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    await running.stop();
    log.info('stopped');
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
