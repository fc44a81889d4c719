// Server settings read from the environment under Prefect's names, validated once at
// start-up so that a bad value stops the process with a message naming the variable.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatabaseUrl, type DatabaseUrl } from './database-url.ts';
import { lookup, readBoolean, readDurationSeconds, readNumber, readString, type Env } from './env.ts';
import { readServicesSettings, type ServicesSettings } from './services.ts';
import { readConcurrencySettings, type ConcurrencySettings } from './concurrency.ts';
import { readMetricsSettings, type MetricsSettings } from './metrics.ts';

export interface DatabaseSettings {
  readonly url: DatabaseUrl;
  /** Log every SQL statement. */
  readonly echo: boolean;
  /** Statement timeout in seconds. */
  readonly timeoutSeconds: number;
  /** Connection timeout in seconds. */
  readonly connectionTimeoutSeconds: number;
  readonly poolSize: number;
  readonly maxOverflow: number;
  /**
   * Postgres statements kept prepared, by text, on each connection (asyncpg's
   * statement_cache_size, which Prefect passes through); 0 prepares none, as PgBouncer in
   * transaction mode needs.
   */
  readonly statementCacheSize: number;
  readonly migrateOnStart: boolean;
  /** SQLite busy_timeout in milliseconds: 60 s, or 5 s in test mode. */
  readonly sqliteBusyTimeoutMs: number;
}

export interface ApiSettings {
  readonly host: string;
  readonly port: number;
  /** `user:password` for HTTP basic auth; undefined leaves the API open, as Prefect does. */
  readonly authString: string | undefined;
  /** The default and largest `limit` of list endpoints. */
  readonly defaultLimit: number;
  readonly csrfProtectionEnabled: boolean;
  readonly csrfTokenExpirationSeconds: number;
  readonly corsAllowedOrigins: string;
  readonly corsAllowedMethods: string;
  readonly corsAllowedHeaders: string;
}

/** The /api/events/out websocket, under Prefect's names. */
export interface EventsSettings {
  /** Live events reach /api/events/out subscribers: on by default, as in Prefect. */
  readonly streamOutEnabled: boolean;
  /** How far back a subscriber's backfill may reach: 15 minutes. */
  readonly maximumWebsocketBackfillSeconds: number;
  /** Events read per backfill query: 250. */
  readonly websocketBackfillPageSize: number;
}

/** The /api/logs/out websocket, under Prefect's names: off by default, as in Prefect. */
export interface LogsSettings {
  /** Subscribers of /api/logs/out are served live logs. */
  readonly streamOutEnabled: boolean;
  /** Stored logs are published to the stream; both settings must be on for logs to flow. */
  readonly streamPublishingEnabled: boolean;
}

export interface Settings {
  readonly home: string;
  readonly database: DatabaseSettings;
  readonly api: ApiSettings;
  readonly services: ServicesSettings;
  readonly concurrency: ConcurrencySettings;
  readonly metrics: MetricsSettings;
  readonly events: EventsSettings;
  readonly logs: LogsSettings;
  readonly testMode: boolean;
}

export type { Env };

/**
 * The file name differs from the Python server's `prefect.db` on purpose: the two
 * schemas are incompatible, and sharing a PREFECT_HOME must not make one server open
 * the other's database.
 */
export const DEFAULT_SQLITE_FILE = 'prefect-server-ts.db';

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

const dbNames = (suffix: string, ...legacy: string[]) => [
  `PREFECT_SERVER_DATABASE_${suffix}`,
  `PREFECT_API_DATABASE_${suffix}`,
  ...legacy,
];

function readEventsSettings(env: Env): EventsSettings {
  const events = (suffix: string) => [`PREFECT_SERVER_EVENTS_${suffix}`, `PREFECT_EVENTS_${suffix}`];
  return {
    streamOutEnabled: readBoolean(env, [...events('STREAM_OUT_ENABLED'), 'PREFECT_API_EVENTS_STREAM_OUT_ENABLED'], true),
    maximumWebsocketBackfillSeconds: readDurationSeconds(env, events('MAXIMUM_WEBSOCKET_BACKFILL'), 900, { allowZero: true }),
    websocketBackfillPageSize: readNumber(env, events('WEBSOCKET_BACKFILL_PAGE_SIZE'), 250, { integer: true, min: 1, max: 100_000 }),
  };
}

function readLogsSettings(env: Env): LogsSettings {
  return {
    streamOutEnabled: readBoolean(env, ['PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED'], false),
    streamPublishingEnabled: readBoolean(env, ['PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED'], false),
  };
}

function readApiSettings(env: Env): ApiSettings {
  const api = (suffix: string) => [`PREFECT_SERVER_API_${suffix}`, `PREFECT_SERVER_${suffix}`];
  return {
    host: readString(env, ['PREFECT_SERVER_API_HOST'], '127.0.0.1'),
    port: readNumber(env, ['PREFECT_SERVER_API_PORT'], 4200, { integer: true, min: 0, max: 65_535 }),
    authString: lookup(env, ['PREFECT_SERVER_API_AUTH_STRING', 'PREFECT_API_AUTH_STRING'])?.value,
    defaultLimit: readNumber(env, ['PREFECT_SERVER_API_DEFAULT_LIMIT', 'PREFECT_API_DEFAULT_LIMIT'], 200, { integer: true, min: 1, max: 100_000 }),
    csrfProtectionEnabled: readBoolean(env, api('CSRF_PROTECTION_ENABLED'), false),
    csrfTokenExpirationSeconds: readDurationSeconds(env, api('CSRF_TOKEN_EXPIRATION'), 3_600),
    corsAllowedOrigins: readString(env, api('CORS_ALLOWED_ORIGINS'), '*'),
    corsAllowedMethods: readString(env, api('CORS_ALLOWED_METHODS'), '*'),
    corsAllowedHeaders: readString(env, api('CORS_ALLOWED_HEADERS'), '*'),
  };
}

export function loadSettings(env: Env = process.env): Settings {
  const home = resolve(expandHome(env['PREFECT_HOME'] || join(homedir(), '.prefect')));
  const testMode = readBoolean(env, ['PREFECT_TESTING_UNIT_TEST_MODE'], false);

  const urlSetting = lookup(env, dbNames('CONNECTION_URL'));
  const url = urlSetting
    ? parseDatabaseUrl(urlSetting.value, urlSetting.name)
    : ({ dialect: 'sqlite', path: join(home, DEFAULT_SQLITE_FILE) } as const);

  const poolSize = readNumber(
    env,
    dbNames('SQLALCHEMY_POOL_SIZE', 'PREFECT_SQLALCHEMY_POOL_SIZE'),
    5,
    { integer: true, min: 1, max: 1000 },
  );
  // SQLAlchemy treats -1 as "no overflow limit"; a pool must be bounded, so -1 is refused.
  const maxOverflow = readNumber(
    env,
    dbNames('SQLALCHEMY_MAX_OVERFLOW', 'PREFECT_SQLALCHEMY_MAX_OVERFLOW'),
    10,
    { integer: true, min: 0, max: 1000 },
  );

  return {
    home,
    testMode,
    database: {
      url,
      echo: readBoolean(env, dbNames('ECHO'), false),
      timeoutSeconds: readNumber(env, dbNames('TIMEOUT'), 10, { integer: false, min: 0.001, max: 86_400 }),
      connectionTimeoutSeconds: readNumber(env, dbNames('CONNECTION_TIMEOUT'), 5, {
        integer: false,
        min: 0.001,
        max: 3_600,
      }),
      poolSize,
      maxOverflow,
      statementCacheSize: readNumber(env, dbNames('SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE'), 100, { integer: true, min: 0, max: 10_000 }),
      migrateOnStart: readBoolean(env, dbNames('MIGRATE_ON_START'), true),
      sqliteBusyTimeoutMs: testMode ? 5_000 : 60_000,
    },
    api: readApiSettings(env),
    services: readServicesSettings(env),
    concurrency: readConcurrencySettings(env),
    metrics: readMetricsSettings(env),
    events: readEventsSettings(env),
    logs: readLogsSettings(env),
  };
}
