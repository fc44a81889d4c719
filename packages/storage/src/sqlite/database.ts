// The SQLite Database: a writer and a reader connection (one for :memory:), its
// migrations, and the shared repositories over SQLite query components.
import { rmSync } from 'node:fs';
import type { DatabaseSettings } from '@prefect-server-ts/settings';
import { loadMigrations } from '../migrations/files.ts';
import { assertCurrent, downgrade, migrationStatus, upgrade } from '../migrations/runner.ts';
import type { Database, Repositories } from '../port/database.ts';
import { DatabaseUnavailableError } from '../port/errors.ts';
import { storageObservers } from '../observation/observers.ts';
import { observedRepositories } from '../observation/repositories.ts';
import { closeSqlite, effectivePragmas, openSqlite, type SqliteConnections } from './connection.ts';
import { sqliteDialect } from './dialect.ts';
import { beginTransaction, rootExecutor } from './executor.ts';
import { sqliteMigrationTarget } from './migrations.ts';
import { LocalNotifications } from './notifications.ts';

export interface SqliteDatabaseOptions {
  readonly path: string;
  readonly settings: DatabaseSettings;
  readonly echo?: (statement: string) => void;
}

export function openSqliteDatabase(options: SqliteDatabaseOptions): Database {
  const files = loadMigrations('sqlite');
  let connections: SqliteConnections | undefined;
  // Opening creates the file, so it waits for the first use; create() forces it.
  const open = (): SqliteConnections =>
    (connections ??= openSqlite({ path: options.path, busyTimeoutMs: options.settings.sqliteBusyTimeoutMs, ...(options.echo ? { echo: options.echo } : {}) }));
  const target = () => sqliteMigrationTarget(open());
  const observers = storageObservers();
  const notifications = new LocalNotifications();

  const connect = async () => {
    try {
      open().reader.prepare('SELECT 1').get();
    } catch (error) {
      const unavailable = new DatabaseUnavailableError(`Cannot open SQLite database ${options.path}: ${(error as Error).message}`, { cause: error });
      observers.failed(unavailable);
      throw unavailable;
    }
  };

  // Repositories bind lazily so that constructing a Database never touches the disk.
  const lazyRoot = (): Repositories => observedRepositories(rootExecutor(open(), notifications), sqliteDialect, observers);
  let root: Repositories | undefined;

  return {
    dialect: 'sqlite',
    get repositories() {
      return (root ??= lazyRoot());
    },
    create: async () => {
      open();
    },
    drop: async () => {
      if (connections) closeSqlite(connections);
      connections = undefined;
      root = undefined;
      if (options.path !== ':memory:') {
        for (const suffix of ['', '-wal', '-shm']) rmSync(options.path + suffix, { force: true });
      }
    },
    upgrade: (opts = {}) => upgrade(target(), files, opts.to),
    downgrade: (opts = {}) => downgrade(target(), files, opts.to),
    assertSchemaCurrent: () => assertCurrent(target(), files),
    connect,
    status: async () => {
      const conns = open();
      return {
        dialect: 'sqlite',
        location: options.path,
        serverVersion: conns.writer.prepare('SELECT sqlite_version()').pluck().get() as string,
        migrations: await migrationStatus(target(), files),
        settings: effectivePragmas(conns.writer),
      };
    },
    isConnectable: () => connect().then(() => true, () => false),
    transaction: <T>(fn: (repos: Repositories) => Promise<T>, opts: { forUpdate?: boolean } = {}) =>
      beginTransaction(open(), (tx) => fn(observedRepositories(tx, sqliteDialect, observers)), opts.forUpdate ?? false, notifications),
    listen: async (channel, handlers) => notifications.listen(channel, handlers),
    poolStats: () => {
      const conns = connections;
      const total = conns ? (conns.memory ? 1 : 2) : 0;
      const waiting = conns?.mutex.waiting ?? 0;
      return { total, idle: total, inUse: 0, waiting };
    },
    observe: (observer) => observers.add(observer),
    close: async () => {
      if (connections) closeSqlite(connections);
      connections = undefined;
      root = undefined;
    },
  };
}
