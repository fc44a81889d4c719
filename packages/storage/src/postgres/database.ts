// The Postgres Database: a slonik pool, its migrations, and the shared repositories
// over Postgres query components.
import { sql, type DatabasePool } from 'slonik';
import type { DatabaseSettings, PostgresUrl } from '@prefect-server-ts/settings';
import { loadMigrations } from '../migrations/files.ts';
import { assertCurrent, downgrade, migrationStatus, upgrade } from '../migrations/runner.ts';
import type { Database, Repositories } from '../port/database.ts';
import { DatabaseUnavailableError } from '../port/errors.ts';
import { storageObservers } from '../observation/observers.ts';
import { observedRepositories } from '../observation/repositories.ts';
import { connectionUri, createPostgresPool, poolStats } from './connection.ts';
import { postgresDialect } from './dialect.ts';
import { lazyExecutor, postgresExecutor, translatePostgresError } from './executor.ts';
import { PostgresListener } from './listener.ts';
import { postgresMigrationTarget } from './migrations.ts';

export interface PostgresDatabaseOptions {
  readonly url: PostgresUrl;
  readonly settings: DatabaseSettings;
  readonly echo?: (statement: string) => void;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `fn` on a short-lived pool to the server's `postgres` database, for CREATE/DROP DATABASE. */
async function onMaintenanceDatabase<T>(options: PostgresDatabaseOptions, fn: (pool: DatabasePool) => Promise<T>): Promise<T> {
  const pool = await createPostgresPool({ ...options, database: 'postgres', settings: { ...options.settings, poolSize: 1, maxOverflow: 0 } });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

export function openPostgresDatabase(options: PostgresDatabaseOptions): Database {
  const { url, settings } = options;
  const files = loadMigrations('postgres');
  const connectionTimeoutMs = Math.ceil(settings.connectionTimeoutSeconds * 1000);
  const where = `Postgres at ${url.host}:${url.port} (database "${url.database}")`;
  const noAnswer = `Cannot connect to ${where}: no answer within ${settings.connectionTimeoutSeconds}s (PREFECT_API_DATABASE_CONNECTION_TIMEOUT)`;

  // slonik connects while creating a pool (to look up type OIDs), so the pool is made on
  // first use and made again after a failure: a replica can start, and report itself not
  // ready, while Postgres is down.
  let poolPromise: Promise<DatabasePool> | undefined;
  let currentPool: DatabasePool | undefined;
  let ended = false;
  const getPool = (): Promise<DatabasePool> => {
    if (ended) return Promise.reject(new DatabaseUnavailableError(`The connection pool to ${where} is closed`));
    poolPromise ??= withTimeout(createPostgresPool(options), connectionTimeoutMs, noAnswer).then(
      (pool) => (currentPool = pool),
      (error: unknown) => {
        poolPromise = undefined;
        if (error instanceof DatabaseUnavailableError) throw error;
        // pg's own connect timeout ("timeout expired") can fire first; it means the same.
        const reason = (error as Error).message;
        throw new DatabaseUnavailableError(/timeout/i.test(reason) ? noAnswer : `Cannot connect to ${where}: ${reason}`, { cause: error });
      },
    );
    return poolPromise;
  };
  const endPool = async () => {
    ended = true;
    const pending = poolPromise;
    poolPromise = undefined;
    currentPool = undefined;
    if (pending) await (await pending.catch(() => undefined))?.end();
  };
  const target = postgresMigrationTarget(getPool);
  const observers = storageObservers();
  const newListener = () => new PostgresListener({ connectionString: connectionUri(url), where, connectionTimeoutMs });
  let listener = newListener();

  const connect = async () => {
    try {
      const pool = await getPool();
      await withTimeout(pool.oneFirst(sql.unsafe`SELECT 1`), connectionTimeoutMs, noAnswer);
    } catch (error) {
      const unavailable =
        error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(`Cannot connect to ${where}: ${(error as Error).message}`, { cause: error });
      observers.failed(unavailable);
      throw unavailable;
    }
  };

  const database: Database = {
    dialect: 'postgres',
    repositories: observedRepositories(lazyExecutor(getPool), postgresDialect, observers),
    create: () =>
      onMaintenanceDatabase(options, async (maintenance) => {
        const exists = await maintenance.exists(sql.unsafe`SELECT 1 FROM pg_database WHERE datname = ${url.database}`);
        if (exists) return;
        try {
          await maintenance.query(sql.unsafe`CREATE DATABASE ${sql.identifier([url.database])}`);
        } catch (error) {
          // Another process created it between our check and our CREATE: that is success.
          if ((error as { cause?: { code?: string } }).cause?.code !== '42P04') throw error;
        }
      }),
    drop: async () => {
      await listener.close();
      listener = newListener();
      await endPool();
      await onMaintenanceDatabase(options, (maintenance) =>
        maintenance.query(sql.unsafe`DROP DATABASE IF EXISTS ${sql.identifier([url.database])} WITH (FORCE)`),
      );
    },
    upgrade: async (opts = {}) => {
      await connect();
      return upgrade(target, files, opts.to);
    },
    downgrade: async (opts = {}) => {
      await connect();
      return downgrade(target, files, opts.to);
    },
    assertSchemaCurrent: () => assertCurrent(target, files),
    connect,
    status: async () => {
      await connect();
      const pool = await getPool();
      const show = (name: 'server_version' | 'statement_timeout' | 'application_name' | 'jit' | 'TimeZone') =>
        pool.oneFirst(sql.unsafe`SELECT current_setting(${name})`).then(String);
      return {
        dialect: 'postgres',
        location: `${url.user}@${url.host}:${url.port}/${url.database}`,
        serverVersion: await show('server_version'),
        migrations: await migrationStatus(target, files),
        settings: {
          pool_size: settings.poolSize,
          max_overflow: settings.maxOverflow,
          max_connections: settings.poolSize + settings.maxOverflow,
          connection_timeout_seconds: settings.connectionTimeoutSeconds,
          statement_timeout: await show('statement_timeout'),
          application_name: await show('application_name'),
          jit: await show('jit'),
          timezone: await show('TimeZone'),
        },
      };
    },
    isConnectable: () => connect().then(() => true, () => false),
    transaction: async <T>(fn: (repos: Repositories) => Promise<T>, opts: { forUpdate?: boolean } = {}) => {
      try {
        const pool = await getPool();
        return await pool.transaction((tx) => fn(observedRepositories(postgresExecutor(tx, opts.forUpdate ?? false, true), postgresDialect, observers)));
      } catch (error) {
        const translated = translatePostgresError(error);
        observers.failed(translated);
        throw translated;
      }
    },
    listen: (channel, handlers) => listener.listen(channel, handlers),
    poolStats: () => (currentPool ? poolStats(currentPool) : { total: 0, idle: 0, inUse: 0, waiting: 0 }),
    observe: (observer) => observers.add(observer),
    close: async () => {
      await listener.close();
      await endPool();
    },
  };
  return database;
}
