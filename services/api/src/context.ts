// What every route receives: the storage port, the settings and the logger.
import type { Logger } from 'pino';
import type { Settings } from '@prefect-server-ts/settings';
import type { Database } from '@prefect-server-ts/storage';

export interface ApiContext {
  readonly database: Database;
  readonly settings: Settings;
  readonly log: Logger;
}
