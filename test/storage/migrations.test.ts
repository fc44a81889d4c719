// Tier 3: migrations round-trip, refuse what they must, and both dialects build the same schema.
import { readFileSync, writeFileSync } from 'node:fs';
import test from 'ava';
import { sql } from 'slonik';
import { getDatabase, MigrationError } from '@prefect-server-ts/storage';
import { createTestDatabase, freshDatabaseUrl, testSettings } from '../helpers/databases.ts';
import { loadMigrations } from '../../packages/storage/src/migrations/files.ts';
import { introspect } from './schema-introspection.ts';

const LATEST = loadMigrations('postgres').length;
const TABLE_COUNT = 36;

/** Runs a raw statement against the test database through the storage layer's own driver. */
async function raw(settings: ReturnType<typeof testSettings>, statement: ReturnType<typeof sql.unsafe>): Promise<void> {
  const url = settings.database.url;
  if (url.dialect === 'postgres') {
    const { createPostgresPool } = await import('../../packages/storage/src/postgres/connection.ts');
    const pool = await createPostgresPool({ url, settings: settings.database });
    try {
      await pool.query(statement);
    } finally {
      await pool.end();
    }
  } else {
    const { openSqlite, closeSqlite } = await import('../../packages/storage/src/sqlite/connection.ts');
    const { rootExecutor } = await import('../../packages/storage/src/sqlite/executor.ts');
    const connections = openSqlite({ path: url.path, busyTimeoutMs: 5000 });
    try {
      await rootExecutor(connections).execute(statement);
    } finally {
      closeSqlite(connections);
    }
  }
}

for (const kind of ['postgres', 'sqlite-file'] as const) {
  test(`${kind}: upgrade, downgrade to zero and upgrade again round-trip`, async (t) => {
    const handle = await createTestDatabase(kind);
    const { db } = handle;
    try {
      t.is(Object.keys((await introspect(handle.settings)).columns).length, TABLE_COUNT);
      t.deepEqual(await db.downgrade({ to: 0 }), Array.from({ length: LATEST }, (_, i) => LATEST - i));
      t.deepEqual((await introspect(handle.settings)).columns, {});
      t.is((await db.status()).migrations.current, 0);
      t.deepEqual(await db.upgrade(), Array.from({ length: LATEST }, (_, i) => i + 1));
      t.is(Object.keys((await introspect(handle.settings)).columns).length, TABLE_COUNT);
      t.deepEqual(await db.upgrade(), []);
    } finally {
      await handle.dispose();
    }
  });

  test(`${kind}: downgrade goes one step by default, and upgrade stops at --to`, async (t) => {
    const handle = await createTestDatabase(kind);
    const { db } = handle;
    try {
      t.deepEqual(await db.downgrade(), [LATEST]);
      t.deepEqual(await db.downgrade({ to: 2 }), Array.from({ length: LATEST - 3 }, (_, i) => LATEST - 1 - i));
      const status = await db.status();
      t.is(status.migrations.current, 2);
      t.deepEqual(status.migrations.pending.map((p) => p.version), Array.from({ length: LATEST - 2 }, (_, i) => i + 3));
      await t.throwsAsync(db.assertSchemaCurrent(), { instanceOf: MigrationError, message: /migration\(s\) pending \(3, 4/ });
      t.deepEqual(await db.upgrade({ to: 3 }), [3]);
      await t.throwsAsync(db.downgrade({ to: 5 }), { message: 'Cannot downgrade to version 5: the database is at version 3.' });
    } finally {
      await handle.dispose();
    }
  });

  test(`${kind}: refuses a migration that was edited after it was applied`, async (t) => {
    const handle = await createTestDatabase(kind);
    try {
      await raw(handle.settings, sql.unsafe`UPDATE prefect_server_ts_migrations SET checksum = ${'0'.repeat(64)} WHERE version = 1`);
      const expected = loadMigrations('postgres')[0]!;
      const message =
        `Migration 0001_${expected.name} was edited after it was applied to this database (checksum 000000000000 in the database, ` +
        `${loadMigrations(kind === 'postgres' ? 'postgres' : 'sqlite')[0]!.checksum.slice(0, 12)} on disk). ` +
        'Applied migrations are immutable: restore the file and add a new migration instead.';
      await t.throwsAsync(handle.db.upgrade(), { instanceOf: MigrationError, message });
      await t.throwsAsync(handle.db.assertSchemaCurrent(), { instanceOf: MigrationError, message });
    } finally {
      await handle.dispose();
    }
  });

  test(`${kind}: refuses a database whose schema is newer than the code`, async (t) => {
    const handle = await createTestDatabase(kind);
    try {
      await raw(handle.settings, sql.unsafe`INSERT INTO prefect_server_ts_migrations (version, name, checksum) VALUES (${LATEST + 1}, ${'future'}, ${'x'})`);
      await t.throwsAsync(handle.db.upgrade(), {
        instanceOf: MigrationError,
        message: `The database schema is at version ${LATEST + 1}, newer than this code knows (${LATEST}). Run a prefect-server-ts release at least as new as the one that migrated it.`,
      });
    } finally {
      await handle.dispose();
    }
  });

  test(`${kind}: refuses a Python Prefect database and leaves it untouched`, async (t) => {
    const { url, cleanup } = freshDatabaseUrl(kind);
    const settings = testSettings(url);
    const db = await getDatabase(settings.database);
    try {
      await db.create();
      await raw(settings, sql.unsafe`CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)`);
      await t.throwsAsync(db.upgrade(), {
        instanceOf: MigrationError,
        message:
          'This database belongs to the Python Prefect server (it has an alembic_version table). prefect-server-ts keeps its own schema and will not change it: point PREFECT_API_DATABASE_CONNECTION_URL at an empty database.',
      });
      t.deepEqual(Object.keys((await introspect(settings)).columns), ['alembic_version']);
    } finally {
      await db.drop();
      cleanup();
    }
  });
}

test('postgres: ten replicas upgrading at once apply each migration exactly once', async (t) => {
  const { url } = freshDatabaseUrl('postgres');
  // Distinct pool sizes give distinct Database instances, as separate replicas would have.
  const replicas = await Promise.all(
    Array.from({ length: 10 }, (_, i) => getDatabase(testSettings(url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: String(i + 1), PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '0' }).database)),
  );
  try {
    await replicas[0]!.create();
    const applied = await Promise.all(replicas.map((db) => db.upgrade()));
    t.deepEqual(applied.flat().sort((a, b) => a - b), Array.from({ length: LATEST }, (_, i) => i + 1));
    t.is((await replicas[3]!.status()).migrations.applied.length, LATEST);
  } finally {
    await Promise.all(replicas.slice(1).map((db) => db.close()));
    await replicas[0]!.drop();
  }
});

test('both dialects build the same tables, columns and indexes, matching the committed snapshots', async (t) => {
  const pgHandle = await createTestDatabase('postgres');
  const liteHandle = await createTestDatabase('sqlite-file');
  try {
    const postgres = await introspect(pgHandle.settings);
    const sqlite = await introspect(liteHandle.settings);
    t.deepEqual(sqlite.columns, postgres.columns);
    t.deepEqual(sqlite.indexes, postgres.indexes);
    for (const [name, shape] of [['postgres', postgres], ['sqlite', sqlite]] as const) {
      const path = new URL(`./schema/${name}.txt`, import.meta.url);
      if (process.env['UPDATE_SCHEMA_SNAPSHOTS'] === '1') writeFileSync(path, shape.snapshot);
      t.is(shape.snapshot, readFileSync(path, 'utf8'), `${name} schema differs from test/storage/schema/${name}.txt; rerun with UPDATE_SCHEMA_SNAPSHOTS=1 and review the diff`);
    }
  } finally {
    await pgHandle.dispose();
    await liteHandle.dispose();
  }
});
