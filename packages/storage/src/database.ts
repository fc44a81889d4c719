// One Database per configuration: the same settings always give the same instance, so a
// process never opens two pools (or two SQLite writers) onto one database.
import type { DatabaseSettings } from '@prefect-server-ts/settings';
import type { Database } from './port/database.ts';
import { openPostgresDatabase } from './postgres/database.ts';
import { openSqliteDatabase } from './sqlite/database.ts';

export interface OpenDatabaseOptions {
  readonly echo?: (statement: string) => void;
}

const instances = new Map<string, Promise<Database>>();

function configurationKey(settings: DatabaseSettings): string {
  const { url, timeoutSeconds, connectionTimeoutSeconds, poolSize, maxOverflow, sqliteBusyTimeoutMs, echo } = settings;
  return JSON.stringify({ url, timeoutSeconds, connectionTimeoutSeconds, poolSize, maxOverflow, sqliteBusyTimeoutMs, echo });
}

export function getDatabase(settings: DatabaseSettings, options: OpenDatabaseOptions = {}): Promise<Database> {
  const key = configurationKey(settings);
  let instance = instances.get(key);
  if (!instance) {
    const echo = settings.echo ? options.echo : undefined;
    instance = (async () => {
      const db =
        settings.url.dialect === 'postgres'
          ? openPostgresDatabase({ url: settings.url, settings, ...(echo ? { echo } : {}) })
          : openSqliteDatabase({ path: settings.url.path, settings, ...(echo ? { echo } : {}) });
      const close = db.close.bind(db);
      const drop = db.drop.bind(db);
      // A closed instance leaves the cache, so the next caller gets a fresh one.
      return Object.assign(db, {
        close: async () => {
          instances.delete(key);
          await close();
        },
        drop: async () => {
          instances.delete(key);
          await drop();
        },
      });
    })();
    instances.set(key, instance);
    instance.catch(() => instances.delete(key));
  }
  return instance;
}
