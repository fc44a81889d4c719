// What every route receives: the storage port, the settings, the logger and the metrics.
import type { Logger } from 'pino';
import type { ServerMetrics } from '@prefect-server-ts/metrics';
import type { Settings } from '@prefect-server-ts/settings';
import type { Database } from '@prefect-server-ts/storage';

export interface ApiContext {
  readonly database: Database;
  readonly settings: Settings;
  readonly log: Logger;
  /** The process's metrics; without them the app serves no /api/metrics (listen() makes its own). */
  readonly metrics?: ServerMetrics;
}
