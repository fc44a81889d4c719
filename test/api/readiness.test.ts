// /api/ready: 200 only while the database answers and its schema is current; /api/health
// answers regardless.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

for (const dialect of ['sqlite-file', 'postgres'] as const) {
  test(`${dialect}: ready is 503 while a migration is pending and 200 once it is applied`, async (t) => {
    const api = await startTestApi(dialect);
    try {
      t.deepEqual([(await api.request('GET', '/ready')).status, (await api.request('GET', '/ready')).body], [200, { message: 'OK' }]);
      await api.handle.db.downgrade();
      const behind = await api.request('GET', '/ready');
      t.is(behind.status, 503);
      t.regex((behind.body as { message: string }).message, /^The database schema is behind: 1 migration\(s\) pending/);
      t.is((await api.request('GET', '/health')).status, 200);
      await api.handle.db.upgrade();
      t.is((await api.request('GET', '/ready')).status, 200);
    } finally {
      await api.close();
    }
  });
}
