// Postgres connection configuration: a slonik pool sized from Prefect's pool settings,
// with the statement timeout, jit=off, UTC sessions, an application_name and prepared statements.
import { createPool, stringifyDsn, type DatabasePool, type Interceptor } from 'slonik';
import type { DatabaseSettings, PostgresUrl } from '@prefect-server-ts/settings';
import { canonicalTimestamp } from '../timestamps.ts';
import { preparedStatements } from './prepared-statements.ts';
import type { PoolStats } from '../port/database.ts';

export const DEFAULT_APPLICATION_NAME = 'prefect-server-ts';

export interface PostgresConnectionOptions {
  readonly url: PostgresUrl;
  readonly settings: DatabaseSettings;
  /** Called with each statement's text when PREFECT_API_DATABASE_ECHO is on. */
  readonly echo?: (statement: string) => void;
  /** The database to connect to, when not the one in the URL (the maintenance database, say). */
  readonly database?: string;
}

export function connectionUri(url: PostgresUrl, database = url.database): string {
  return stringifyDsn({
    host: url.host,
    port: url.port,
    username: url.user,
    ...(url.password === undefined ? {} : { password: url.password }),
    databaseName: database,
    applicationName: url.applicationName ?? DEFAULT_APPLICATION_NAME,
    ...(url.sslMode === undefined ? {} : { sslMode: url.sslMode }),
    // JIT compilation costs more than it saves on the short queries an API issues, and
    // timestamps come back in UTC so that they parse without a zone table.
    options: '-c jit=off -c TimeZone=UTC',
  });
}

/** Timestamps keep their microseconds as canonical ISO strings; see timestamps.ts. */
/** A timestamptz as Postgres prints it in a UTC session: '2026-01-02 03:04:05.5+00'. */
const UTC_OUTPUT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * Postgres's timestamptz output in the port's form. The common case is rewritten in place:
 * a page of 200 runs holds some 2,000 timestamps, and parsing each as a date cost ~3 ms.
 */
export function parseTimestamptz(value: string): string {
  const utc = UTC_OUTPUT.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(6, '0')}Z`;
  return canonicalTimestamp(value) ?? value;
}

const timestampParser = {
  name: 'timestamptz',
  parse: parseTimestamptz,
};

/** Seconds, as the port expresses durations. */
const intervalParser = {
  name: 'interval',
  parse: (value: string) => parseIntervalSeconds(value),
};

/** Parses Postgres's default interval output ("1 day 02:03:04.5", "00:00:01.25", "-00:00:02"). */
export function parseIntervalSeconds(text: string): number {
  let seconds = 0;
  const units: Record<string, number> = { year: 31_557_600, mon: 2_592_000, day: 86_400 };
  const rest = text.replace(/(-?\d+) (year|mon|day)s?/g, (_, n: string, unit: string) => {
    seconds += Number(n) * units[unit]!;
    return '';
  });
  const clock = /(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(rest);
  if (clock) {
    const sign = clock[1] === '-' ? -1 : 1;
    seconds += sign * (Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]));
  }
  return seconds;
}

function echoInterceptor(echo: (statement: string) => void): Interceptor {
  return {
    name: 'prefect-server-ts.echo',
    beforeQueryExecution: (_context, query) => {
      echo(query.sql);
      return null;
    },
  };
}

export async function createPostgresPool(options: PostgresConnectionOptions): Promise<DatabasePool> {
  const { settings } = options;
  return createPool(connectionUri(options.url, options.database), {
    maxPoolSize: settings.poolSize + settings.maxOverflow,
    // Connections open lazily, so that a replica starts (and reports not ready) while
    // Postgres is down; idle ones beyond what traffic needs close after a minute.
    minPoolSize: 0,
    idleTimeout: 60_000,
    connectionTimeout: Math.ceil(settings.connectionTimeoutSeconds * 1000),
    statementTimeout: Math.ceil(settings.timeoutSeconds * 1000),
    // Faults are reported, not retried behind the caller's back: orchestration decides.
    queryRetryLimit: 0,
    transactionRetryLimit: 0,
    typeParsers: [timestampParser, intervalParser],
    interceptors: [
      ...(options.echo ? [echoInterceptor(options.echo)] : []),
      ...(settings.statementCacheSize > 0 ? [preparedStatements(settings.statementCacheSize)] : []),
    ],
    // slonik's default sends DISCARD ALL each time a connection goes back to the pool: a round
    // trip per query or transaction, a tenth of a run transition's. Nothing here leaves session
    // state behind: settings are SET LOCAL, advisory locks are transaction-scoped, and LISTEN
    // has its own connection (listener.ts).
    resetConnection: async () => undefined,
  });
}

export function poolStats(pool: DatabasePool): PoolStats {
  const state = pool.state();
  return {
    total: state.acquiredConnections + state.idleConnections + state.pendingConnections,
    idle: state.idleConnections,
    inUse: state.acquiredConnections,
    waiting: state.waitingClients,
  };
}
