// Tier 1 on Postgres: pool sizing and statistics, statement timeout, recovery from
// connections that the server killed, and the report of an unreachable server.
import test from 'ava';
import pg from 'pg';
import { sql } from 'slonik';
import { getDatabase } from '@prefect-server-ts/storage';
import { createPostgresPool } from '../../../packages/storage/src/postgres/connection.ts';
import { createTestDatabase, testSettings } from '../../helpers/databases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('pool statistics count connections in use, idle and waiting, up to pool size plus overflow', async (t) => {
  const handle = await createTestDatabase('postgres', { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '1', PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '1' });
  const { db } = handle;
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: 3 }, () => db.transaction(async (tx) => { await tx.flows.count(); await gate; }));
    await sleep(300);
    const busy = db.poolStats();
    t.is(busy.inUse, 2);
    t.is(busy.total, 2);
    t.is(busy.waiting, 1);
    release();
    await Promise.all(holders);
    const quiet = db.poolStats();
    t.is(quiet.inUse, 0);
    t.is(quiet.waiting, 0);
    t.is(quiet.idle, quiet.total);
  } finally {
    await handle.dispose();
  }
});

test('a connection the server terminated is never handed to a caller', async (t) => {
  const handle = await createTestDatabase('postgres', { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '2', PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '0' });
  const { db, settings } = handle;
  const url = settings.database.url;
  if (url.dialect !== 'postgres') throw new Error('unreachable');
  const admin = new pg.Client({ host: url.host, port: url.port, user: url.user, password: url.password, database: 'postgres' });
  await admin.connect();
  try {
    // Two idle connections in the pool.
    await Promise.all([db.transaction(async (tx) => { await tx.flows.count(); await sleep(50); }), db.transaction(async (tx) => { await tx.flows.count(); await sleep(50); })]);
    const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [url.database]);
    t.true(killed.rowCount! >= 1);
    await sleep(200);
    for (let i = 0; i < 5; i++) {
      await t.notThrowsAsync(db.repositories.flows.create({ name: `after-kill-${i}` }));
    }
    t.is(await db.repositories.flows.count(), 5);
  } finally {
    await admin.end();
    await handle.dispose();
  }
});

test('sessions run with the statement timeout, jit off, UTC and the application name', async (t) => {
  // The database is made (and migrated) with the default timeout: a loaded machine can take
  // longer than half a second over a migration. Only the pool under test gets 0.5 s.
  const handle = await createTestDatabase('postgres');
  const settings = testSettings(handle.url, { PREFECT_API_DATABASE_TIMEOUT: '0.5' });
  if (settings.database.url.dialect !== 'postgres') throw new Error('unreachable');
  const pool = await createPostgresPool({ url: settings.database.url, settings: settings.database });
  try {
    const row = await pool.one(sql.unsafe`
      SELECT current_setting('statement_timeout') AS st, current_setting('jit') AS jit,
             current_setting('TimeZone') AS tz, current_setting('application_name') AS app`);
    t.deepEqual(row, { st: '500ms', jit: 'off', tz: 'UTC', app: 'prefect-server-ts' });
    await t.throwsAsync(pool.query(sql.unsafe`SELECT pg_sleep(2)`), { message: /statement_timeout/ });
  } finally {
    await pool.end();
    await handle.dispose();
  }
});

test('a statement run twice is prepared on the connection, up to the cache size; size 0 prepares none', async (t) => {
  const handle = await createTestDatabase('postgres');
  try {
    for (const [size, expected] of [[2, ['SELECT $1::int AS "a"', 'SELECT $1::int AS "b"']], [0, []]] as const) {
      const settings = testSettings(handle.url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '1', PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '0', PREFECT_API_DATABASE_SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE: String(size) });
      if (settings.database.url.dialect !== 'postgres') throw new Error('unreachable');
      const pool = await createPostgresPool({ url: settings.database.url, settings: settings.database });
      try {
        for (const column of ['a', 'b', 'c']) {
          for (let n = 0; n < 3; n++) t.is(await pool.oneFirst(sql.unsafe`SELECT ${n}::int AS ${sql.identifier([column])}`), n);
        }
        await pool.oneFirst(sql.unsafe`SELECT 'once'`);
        const prepared = await pool.anyFirst(sql.unsafe`SELECT statement FROM pg_prepared_statements ORDER BY statement`);
        t.deepEqual(prepared, [...expected], `cache size ${size}`);
      } finally {
        await pool.end();
      }
    }
  } finally {
    await handle.dispose();
  }
});

test('observers hear of each failure to reach Postgres once, however many callers it fails', async (t) => {
  const db = await getDatabase(testSettings('postgresql://postgres@127.0.0.1:1/unreachable').database);
  let errors = 0;
  const stop = db.observe({ namedQuery: () => undefined, repositoryCall: () => undefined, connectionError: () => void (errors += 1) });
  try {
    // Three callers wait on one pool that cannot connect: one failure.
    const waiting = await Promise.allSettled([db.repositories.flows.count(), db.repositories.flows.count(), db.transaction((tx) => tx.flows.count())]);
    t.deepEqual(waiting.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    t.is(errors, 1);
    await t.throwsAsync(db.connect());
    t.is(errors, 2);
    await t.throwsAsync(db.transaction((tx) => tx.flows.count()));
    t.is(errors, 3);
    stop();
    await t.throwsAsync(db.connect());
    t.is(errors, 3);
  } finally {
    await db.close();
  }
});
