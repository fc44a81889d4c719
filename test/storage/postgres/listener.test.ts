// LISTEN/NOTIFY across Database instances (as across replicas): what one stores, the other
// hears; a listening connection the server kills is reported, re-opened, and hears again.
import { randomUUID } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { getDatabase, NOTIFICATION_CHANNELS, nowTimestamp, type EventRecord } from '@prefect-server-ts/storage';
import { createTestDatabase, testSettings } from '../../helpers/databases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function event(): EventRecord {
  const now = nowTimestamp();
  return { id: randomUUID(), occurred: now, received: now, event: 'test.happened', resource: { 'prefect.resource.id': 'test.thing' }, related: [], payload: {}, follows: null };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await sleep(20);
  return check();
}

test('a second Database on the same Postgres database hears what the first stores, and again after its listening connection is killed', async (t) => {
  const handle = await createTestDatabase('postgres');
  // Another pool size is another configuration, so another Database: its own pool and listener.
  const other = await getDatabase(testSettings(handle.url, { PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '2' }).database);
  t.not(other, handle.db);
  const url = handle.settings.database.url;
  if (url.dialect !== 'postgres') throw new Error('unreachable');
  const admin = new pg.Client({ host: url.host, port: url.port, user: url.user, password: url.password, database: 'postgres' });
  await admin.connect();
  const heard: string[] = [];
  const happenings: string[] = [];
  const subscription = await other.listen(NOTIFICATION_CHANNELS.events, {
    message: (payload) => heard.push(...payload.split(',')),
    interrupted: () => happenings.push('interrupted'),
    resumed: () => happenings.push('resumed'),
  });
  try {
    const first = event();
    await handle.db.repositories.events.insertMany([first]);
    t.true(await until(() => heard.length === 1));
    t.deepEqual(heard, [first.id]);

    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`,
      [url.database],
    );
    t.is(rows.length, 1, 'one listening connection');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    t.true(await until(() => happenings.length === 2));
    t.deepEqual(happenings, ['interrupted', 'resumed']);

    const second = event();
    await handle.db.repositories.events.insertMany([second]);
    t.true(await until(() => heard.length === 2));
    t.deepEqual(heard, [first.id, second.id]);
  } finally {
    await subscription.close();
    await admin.end();
    await other.close();
    await handle.dispose();
  }
});
