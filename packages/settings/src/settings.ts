// Server settings read from the environment under Prefect's names, validated once at
// start-up so that a bad value stops the process with a message naming the variable.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatabaseUrl, type DatabaseUrl } from './database-url.ts';
import { SettingsError } from './settings-error.ts';

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

export interface Settings {
  readonly home: string;
  readonly database: DatabaseSettings;
  readonly api: ApiSettings;
  readonly testMode: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The file name differs from the Python server's `prefect.db` on purpose: the two
 * schemas are incompatible, and sharing a PREFECT_HOME must not make one server open
 * the other's database.
 */
export const DEFAULT_SQLITE_FILE = 'prefect-server-ts.db';

/** Prefect reads each database setting under its current name first, then its legacy aliases. */
function lookup(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

const dbNames = (suffix: string, ...legacy: string[]) => [
  `PREFECT_SERVER_DATABASE_${suffix}`,
  `PREFECT_API_DATABASE_${suffix}`,
  ...legacy,
];

function readBoolean(env: Env, names: readonly string[], fallback: boolean): boolean {
  const found = lookup(env, names);
  if (!found) return fallback;
  const normalised = found.value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 't', 'y'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off', 'f', 'n'].includes(normalised)) return false;
  throw new SettingsError(found.name, found.value, 'expected a boolean (true/false)');
}

function readNumber(
  env: Env,
  names: readonly string[],
  fallback: number,
  { integer, min, max }: { integer: boolean; min: number; max: number },
): number {
  const found = lookup(env, names);
  if (!found) return fallback;
  const text = found.value.trim();
  const value = Number(text);
  const kind = integer ? 'an integer' : 'a number';
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new SettingsError(found.name, found.value, `expected ${kind}`);
  }
  if (value < min || value > max) {
    throw new SettingsError(found.name, found.value, `expected ${kind} from ${min} to ${max}`);
  }
  return value;
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function readString(env: Env, names: readonly string[], fallback: string): string {
  return lookup(env, names)?.value ?? fallback;
}

/** Prefect reads a timedelta as seconds or as an ISO-8601 duration such as PT1H. */
function readDurationSeconds(env: Env, names: readonly string[], fallback: number): number {
  const found = lookup(env, names);
  if (!found) return fallback;
  const text = found.value.trim();
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  const seconds =
    iso && text.length > 1 && !text.endsWith('T')
      ? Number(iso[1] ?? 0) * 86_400 + Number(iso[2] ?? 0) * 3_600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0)
      : Number(text);
  if (text === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new SettingsError(found.name, found.value, 'expected a positive duration in seconds or ISO-8601 (PT1H)');
  }
  return seconds;
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
      migrateOnStart: readBoolean(env, dbNames('MIGRATE_ON_START'), true),
      sqliteBusyTimeoutMs: testMode ? 5_000 : 60_000,
    },
    api: readApiSettings(env),
  };
}
