// `prefect-server-ts database …` against real SQLite and Postgres databases.
import { readdirSync } from 'node:fs';
import test from 'ava';
import { getDatabase } from '@prefect-server-ts/storage';
import { runCli } from '../helpers/cli.ts';
import { freshDatabaseUrl, testSettings } from '../helpers/databases.ts';

/** The newest migration version, from the migration files, so that a new migration needs no edit here. */
const LATEST = readdirSync(new URL('../../migrations/sqlite/', import.meta.url)).filter((file) => file.endsWith('.up.sql')).length;
const versions = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('status on SQLite prints dialect, version, applied migrations and effective pragmas', async (t) => {
  const { url, cleanup } = freshDatabaseUrl('sqlite-file');
  try {
    const env = { PREFECT_API_DATABASE_CONNECTION_URL: url };
    t.is((await runCli(['database', 'upgrade'], env)).stdout, `Applied migrations: ${versions(1, LATEST).join(', ')}\n`);
    const { code, stdout } = await runCli(['database', 'status'], env);
    t.is(code, 0);
    t.regex(stdout, /^Dialect: {5}sqlite\n/m);
    t.regex(stdout, /^Version: {5}SQLite 3\.\d+\.\d+$/m);
    t.true(stdout.includes(`\nSchema:      version ${LATEST} of ${LATEST} (current)\n`), stdout);
    t.regex(stdout, /^ {2}0001_blocks {2}\d{4}-\d\d-\d\dT/m);
    for (const pragma of ['journal_mode = wal', 'wal_autocheckpoint = 10000', 'foreign_keys = 1', 'legacy_alter_table = 0', 'synchronous = 1', 'cache_size = -8192', 'busy_timeout = 5000']) {
      t.true(stdout.includes(`  ${pragma}\n`), pragma);
    }
  } finally {
    cleanup();
  }
});

test('status on Postgres prints the pool settings; downgrade, upgrade and reset work from the CLI', async (t) => {
  const { url } = freshDatabaseUrl('postgres');
  const db = await getDatabase(testSettings(url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '1' }).database);
  await db.create();
  try {
    const env = { PREFECT_API_DATABASE_CONNECTION_URL: url, PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '3', PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '4' };
    const before = await runCli(['database', 'status'], env);
    t.true(before.stdout.includes(`\nSchema:      version 0 of ${LATEST} (${LATEST} pending)\n`), before.stdout);
    t.is((await runCli(['database', 'upgrade', '--to', '4'], env)).stdout, 'Applied migrations: 1, 2, 3, 4\n');
    t.is((await runCli(['database', 'upgrade'], env)).stdout, `Applied migrations: ${versions(5, LATEST).join(', ')}\n`);
    t.is((await runCli(['database', 'downgrade'], env)).stdout, `Reverted migrations: ${LATEST}\n`);
    t.is((await runCli(['database', 'downgrade', '--to', '0'], env)).stdout, `Reverted migrations: ${versions(1, LATEST - 1).reverse().join(', ')}\n`);
    const refused = await runCli(['database', 'reset'], env);
    t.is(refused.code, 1);
    t.is(refused.stderr.trim().split('\n')[0], 'prefect-server-ts: Error: `database reset` deletes every row in the database. Run it again with --yes to confirm.');
    t.is((await runCli(['database', 'reset', '--yes'], env)).stdout, `Reset the database: reverted 0 and applied ${LATEST} migrations.\n`);
    const after = await runCli(['database', 'status'], env);
    t.regex(after.stdout, /^Dialect: {5}postgres\n/m);
    t.regex(after.stdout, /^Version: {5}PostgreSQL \d+/m);
    for (const line of ['pool_size = 3', 'max_overflow = 4', 'max_connections = 7', 'statement_timeout = 10s', 'application_name = prefect-server-ts', 'jit = off', 'timezone = UTC']) {
      t.true(after.stdout.includes(`  ${line}\n`), line);
    }
    const badTo = await runCli(['database', 'downgrade', '--to', 'x'], env);
    t.is(badTo.code, 1);
    t.regex(badTo.stderr, /--to must be an integer from 0 to 9999/);
  } finally {
    await db.drop();
  }
});
