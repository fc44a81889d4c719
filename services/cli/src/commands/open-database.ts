// Opens the database a long-running command works on: fails within the connection timeout,
// naming host and port, rather than run a process that can never become ready; then applies
// pending migrations when PREFECT_API_DATABASE_MIGRATE_ON_START says so.
import type { Settings } from '@prefect-server-ts/settings';
import { getDatabase, type Database } from '@prefect-server-ts/storage';
import { log } from '../log.ts';

export async function openDatabase(settings: Settings): Promise<Database> {
  const database = await getDatabase(settings.database, { echo: (statement) => log.info({ sql: statement }, 'sql') });
  await database.connect();
  if (settings.database.migrateOnStart) {
    const applied = await database.upgrade();
    if (applied.length > 0) log.info({ applied }, 'applied migrations');
  }
  return database;
}
