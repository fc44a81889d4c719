// Parses PREFECT_API_DATABASE_CONNECTION_URL in the SQLAlchemy forms Prefect users write,
// and picks the dialect from the scheme.
import { isAbsolute, resolve } from 'node:path';
import { SettingsError } from './settings-error.ts';

export interface PostgresUrl {
  readonly dialect: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  readonly sslMode: 'disable' | 'no-verify' | 'require' | undefined;
  readonly applicationName: string | undefined;
}

export interface SqliteUrl {
  readonly dialect: 'sqlite';
  /** An absolute file path, or ':memory:'. */
  readonly path: string;
}

export type DatabaseUrl = PostgresUrl | SqliteUrl;

const POSTGRES_SCHEMES = new Set(['postgresql', 'postgres', 'postgresql+asyncpg', 'postgresql+psycopg', 'postgresql+psycopg2']);
const SQLITE_SCHEMES = new Set(['sqlite', 'sqlite+aiosqlite', 'sqlite+pysqlite']);
const SSL_MODES: Record<string, PostgresUrl['sslMode']> = {
  disable: 'disable',
  allow: 'disable',
  prefer: 'disable',
  require: 'require',
  'verify-ca': 'require',
  'verify-full': 'require',
  'no-verify': 'no-verify',
};

export function parseDatabaseUrl(value: string, variable: string): DatabaseUrl {
  const match = /^([a-z0-9+]+):\/\/(.*)$/i.exec(value.trim());
  if (!match) {
    throw new SettingsError(variable, value, 'expected a URL such as postgresql+asyncpg://user:password@host:5432/prefect or sqlite+aiosqlite:////path/to/prefect-server-ts.db');
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (SQLITE_SCHEMES.has(scheme)) return parseSqlite(rest, value, variable);
  if (POSTGRES_SCHEMES.has(scheme)) return parsePostgres(value, variable);
  throw new SettingsError(variable, value, `unsupported scheme "${scheme}"; expected one of postgresql+asyncpg, postgresql, sqlite+aiosqlite, sqlite`);
}

/**
 * SQLAlchemy's rules: `sqlite:///:memory:` and `sqlite://` are in memory, everything after
 * the third slash is the path, so `sqlite:////abs.db` is absolute and `sqlite:///rel.db`
 * is relative to the working directory.
 */
function parseSqlite(rest: string, value: string, variable: string): SqliteUrl {
  if (rest.includes('?')) {
    throw new SettingsError(variable, value, 'query parameters are not supported on SQLite URLs');
  }
  if (rest === '' || rest === '/:memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (!rest.startsWith('/')) {
    throw new SettingsError(variable, value, 'a SQLite URL has no host: write sqlite+aiosqlite:///relative.db or sqlite+aiosqlite:////absolute/path.db');
  }
  const path = decodeURIComponent(rest.slice(1));
  if (path === '') throw new SettingsError(variable, value, 'the SQLite file path is empty');
  return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(path) };
}

function parsePostgres(value: string, variable: string): PostgresUrl {
  let url: URL;
  try {
    url = new URL(value.trim().replace(/^[a-z0-9+]+:/i, 'postgresql:'));
  } catch {
    throw new SettingsError(variable, value, 'not a valid URL');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new SettingsError(variable, value, 'the URL must name one database, as in postgresql+asyncpg://user:password@host:5432/prefect');
  }
  const port = url.port === '' ? 5432 : Number(url.port);
  let sslMode: PostgresUrl['sslMode'];
  let applicationName: string | undefined;
  for (const [key, param] of url.searchParams) {
    if (key === 'sslmode' || key === 'ssl') {
      sslMode = SSL_MODES[param];
      if (!sslMode) throw new SettingsError(variable, value, `unsupported sslmode "${param}"`);
    } else if (key === 'application_name') {
      applicationName = param;
    } else {
      throw new SettingsError(variable, value, `unsupported query parameter "${key}"; supported: sslmode, application_name`);
    }
  }
  return {
    dialect: 'postgres',
    host: decodeURIComponent(url.hostname) || 'localhost',
    port,
    user: decodeURIComponent(url.username) || 'postgres',
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    database,
    sslMode,
    applicationName,
  };
}

/** A form that is safe to print: no password. */
export function describeDatabaseUrl(url: DatabaseUrl): string {
  return url.dialect === 'sqlite' ? `sqlite ${url.path}` : `postgres ${url.user}@${url.host}:${url.port}/${url.database}`;
}
