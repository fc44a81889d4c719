// A fresh database per test: a new Postgres database on the run's server, or a new SQLite
// file in a temporary folder. Dropped afterwards.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, type Settings } from '@prefect-server-ts/settings';
import { getDatabase, type Database } from '@prefect-server-ts/storage';

export type TestDialect = 'postgres' | 'sqlite-file' | 'sqlite-memory';

export function postgresServerUrl(): string {
  const url = process.env['PREFECT_TEST_DATABASE_URL'];
  if (!url) throw new Error('PREFECT_TEST_DATABASE_URL is not set: run the tests through `npm test`, which finds a Postgres server.');
  return url;
}

/**
 * A connection URL for a new, not yet created, database of the given kind. All
 * `sqlite-memory` databases in one process are the same database (one instance per
 * configuration, which is what lets the API and services share it), so tests that use
 * it must run serially.
 */
export function freshDatabaseUrl(dialect: TestDialect): { url: string; cleanup: () => void } {
  if (dialect === 'sqlite-memory') return { url: 'sqlite+aiosqlite:///:memory:', cleanup: () => undefined };
  if (dialect === 'sqlite-file') {
    const dir = mkdtempSync(join(tmpdir(), 'pst-sqlite-'));
    return { url: `sqlite+aiosqlite:///${join(dir, 'test.db')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = new URL(postgresServerUrl().replace(/^postgresql\+\w+:/, 'postgresql:'));
  server.pathname = `/pst_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return { url: server.toString(), cleanup: () => undefined };
}

export function testSettings(url: string, extra: Record<string, string> = {}): Settings {
  return loadSettings({ PREFECT_API_DATABASE_CONNECTION_URL: url, PREFECT_TESTING_UNIT_TEST_MODE: 'true', PREFECT_HOME: tmpdir(), ...extra });
}

export interface TestDatabase {
  readonly db: Database;
  readonly url: string;
  readonly settings: Settings;
  dispose(): Promise<void>;
}

/** Creates and migrates a fresh database. */
export async function createTestDatabase(dialect: TestDialect, extra: Record<string, string> = {}): Promise<TestDatabase> {
  const { url, cleanup } = freshDatabaseUrl(dialect);
  const settings = testSettings(url, extra);
  const db = await getDatabase(settings.database);
  await db.create();
  await db.upgrade();
  return {
    db,
    url,
    settings,
    dispose: async () => {
      await db.drop();
      cleanup();
    },
  };
}

export const DIALECTS: readonly TestDialect[] = ['postgres', 'sqlite-file', 'sqlite-memory'];
