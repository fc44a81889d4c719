// Where a services-only process serves its metrics. The API serves them at /api/metrics on
// its own port; `prefect-server-ts services` has no API, so it listens only when given a port.
import { lookup, readNumber, readString, type Env } from './env.ts';

export interface MetricsSettings {
  /** PREFECT_SERVER_TS_METRICS_PORT: the services process's metrics port (0: any free one); undefined: no listener. */
  readonly port: number | undefined;
  /** PREFECT_SERVER_TS_METRICS_HOST: the interface it binds. */
  readonly host: string;
}

const PORT = ['PREFECT_SERVER_TS_METRICS_PORT'];

export function readMetricsSettings(env: Env): MetricsSettings {
  return {
    port: lookup(env, PORT) === undefined ? undefined : readNumber(env, PORT, 0, { integer: true, min: 0, max: 65_535 }),
    host: readString(env, ['PREFECT_SERVER_TS_METRICS_HOST'], '127.0.0.1'),
  };
}
