// The background services of one process: started from the settings, stopped on request.
import type { Settings } from '@prefect-server-ts/settings';
import { startServices, type RunningServices } from '@prefect-server-ts/services';
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import { log } from '../log.ts';

export async function runServices(settings: Settings, database: Database): Promise<RunningServices> {
  const running = await startServices({ database, log, now: nowTimestamp }, settings);
  if (running.names.length === 0) log.warn('every background service is disabled');
  else log.info({ services: running.names, coordination: running.coordination }, `running background services: ${running.names.join(', ')}`);
  return running;
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
