// `prefect-server-ts database …`: upgrade, downgrade, reset and status of the configured database.
import type { Settings } from '@prefect-server-ts/settings';
import { getDatabase, type Database, type DatabaseStatus } from '@prefect-server-ts/storage';

async function withDatabase<T>(settings: Settings, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await getDatabase(settings.database);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function upgradeCommand(settings: Settings, to?: number): Promise<void> {
  return withDatabase(settings, async (db) => {
    const applied = await db.upgrade(to === undefined ? {} : { to });
    print(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is already up to date.');
  });
}

export function downgradeCommand(settings: Settings, to?: number): Promise<void> {
  return withDatabase(settings, async (db) => {
    const reverted = await db.downgrade(to === undefined ? {} : { to });
    print(reverted.length ? `Reverted migrations: ${reverted.join(', ')}` : 'Nothing to revert.');
  });
}

export async function resetCommand(settings: Settings, yes: boolean): Promise<void> {
  if (!yes) {
    throw new Error('`database reset` deletes every row in the database. Run it again with --yes to confirm.');
  }
  await withDatabase(settings, async (db) => {
    const reverted = await db.downgrade({ to: 0 });
    const applied = await db.upgrade();
    print(`Reset the database: reverted ${reverted.length} and applied ${applied.length} migrations.`);
  });
}

export function formatStatus(status: DatabaseStatus): string {
  const lines = [
    `Dialect:     ${status.dialect}`,
    `Location:    ${status.location}`,
    `Version:     ${status.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${status.serverVersion}`,
    `Schema:      version ${status.migrations.current} of ${status.migrations.latest}` +
      (status.migrations.pending.length ? ` (${status.migrations.pending.length} pending)` : ' (current)'),
    'Applied migrations:',
    ...(status.migrations.applied.length
      ? status.migrations.applied.map((m) => `  ${String(m.version).padStart(4, '0')}_${m.name}  ${m.applied_at}`)
      : ['  (none)']),
    ...(status.migrations.pending.length
      ? ['Pending migrations:', ...status.migrations.pending.map((m) => `  ${String(m.version).padStart(4, '0')}_${m.name}`)]
      : []),
    status.dialect === 'sqlite' ? 'Pragmas:' : 'Pool settings:',
    ...Object.entries(status.settings).map(([key, value]) => `  ${key} = ${value}`),
  ];
  return lines.join('\n');
}

export function statusCommand(settings: Settings): Promise<void> {
  return withDatabase(settings, async (db) => {
    print(formatStatus(await db.status()));
  });
}
