// The port's factory: one Database per configuration, and echo of SQL statements when asked.
import test from 'ava';
import { getDatabase } from '@prefect-server-ts/storage';
import { freshDatabaseUrl, testSettings } from '../helpers/databases.ts';

test('the same settings give the same Database instance, other settings another', async (t) => {
  const { url, cleanup } = freshDatabaseUrl('sqlite-file');
  const a = await getDatabase(testSettings(url).database);
  const b = await getDatabase(testSettings(url).database);
  const c = await getDatabase(testSettings(url, { PREFECT_API_DATABASE_TIMEOUT: '3' }).database);
  try {
    t.is(a, b);
    t.not(a, c);
    await a.close();
    const d = await getDatabase(testSettings(url).database);
    t.not(d, a, 'a closed instance is not handed out again');
    await d.close();
  } finally {
    await c.close();
    cleanup();
  }
});

for (const kind of ['postgres', 'sqlite-file'] as const) {
  test(`${kind}: PREFECT_API_DATABASE_ECHO passes every statement to the echo callback`, async (t) => {
    const { url, cleanup } = freshDatabaseUrl(kind);
    const statements: string[] = [];
    const db = await getDatabase(testSettings(url, { PREFECT_API_DATABASE_ECHO: 'true' }).database, { echo: (s) => statements.push(s) });
    try {
      await db.create();
      await db.upgrade();
      await db.repositories.variables.create({ name: 'echoed', value: 1 });
      t.true(statements.some((s) => /INSERT INTO variable/.test(s)));
      t.true(statements.some((s) => /CREATE TABLE flow_run\b/.test(s)));
    } finally {
      await db.drop();
      cleanup();
    }
  });
}
