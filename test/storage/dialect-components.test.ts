// Tier 2: the query components that differ per dialect give the same results on both.
import test from 'ava';
import { sql } from 'slonik';
import { createPostgresPool } from '../../packages/storage/src/postgres/connection.ts';
import { postgresDialect } from '../../packages/storage/src/postgres/dialect.ts';
import { postgresExecutor } from '../../packages/storage/src/postgres/executor.ts';
import { closeSqlite, openSqlite } from '../../packages/storage/src/sqlite/connection.ts';
import { sqliteDialect } from '../../packages/storage/src/sqlite/dialect.ts';
import { rootExecutor } from '../../packages/storage/src/sqlite/executor.ts';
import type { SqlDialect } from '../../packages/storage/src/sql/dialect.ts';
import type { Executor } from '../../packages/storage/src/sql/executor.ts';
import { createTestDatabase } from '../helpers/databases.ts';

interface Side {
  readonly dialect: SqlDialect;
  readonly executor: Executor;
  close(): Promise<void>;
}

async function open(kind: 'postgres' | 'sqlite-file'): Promise<Side> {
  const handle = await createTestDatabase(kind);
  const { settings } = handle;
  if (settings.database.url.dialect === 'postgres') {
    const pool = await createPostgresPool({ url: settings.database.url, settings: settings.database });
    return { dialect: postgresDialect, executor: postgresExecutor(pool), close: async () => { await pool.end(); await handle.dispose(); } };
  }
  const connections = openSqlite({ path: settings.database.url.path, busyTimeoutMs: 5000 });
  return { dialect: sqliteDialect, executor: rootExecutor(connections), close: async () => { closeSqlite(connections); await handle.dispose(); } };
}

for (const kind of ['postgres', 'sqlite-file'] as const) {
  test(`${kind}: intervalSeries yields consecutive, inclusive intervals`, async (t) => {
    const side = await open(kind);
    try {
      const rows = await side.executor.rows(sql.unsafe`
        SELECT interval_start, interval_end
        FROM ${side.dialect.intervalSeries('2026-01-01T00:00:00.000000Z', '2026-01-01T00:05:00.000000Z', 60)} AS series
        ORDER BY interval_start`);
      const decoded = rows.map((row) => side.dialect.decode<{ interval_start: string; interval_end: string }>(row, { interval_start: 'timestamp', interval_end: 'timestamp' }));
      t.is(decoded.length, 6);
      t.deepEqual(decoded[0], { interval_start: '2026-01-01T00:00:00.000000Z', interval_end: '2026-01-01T00:01:00.000000Z' });
      t.deepEqual(decoded[5], { interval_start: '2026-01-01T00:05:00.000000Z', interval_end: '2026-01-01T00:06:00.000000Z' });
    } finally {
      await side.close();
    }
  });

  test(`${kind}: inList matches the same rows for empty, short (bound one by one) and long (one array) lists`, async (t) => {
    const side = await open(kind);
    const { executor, dialect } = side;
    try {
      const names = Array.from({ length: 40 }, (_, i) => `flow-${String(i).padStart(2, '0')}`);
      for (const name of names) await executor.execute(sql.unsafe`INSERT INTO flow (name) VALUES (${name})`);
      const matching = async (wanted: string[]) =>
        (await executor.rows(sql.unsafe`SELECT name FROM flow WHERE ${dialect.inList(sql.fragment`name`, wanted, 'text')} ORDER BY name`)).map((r) => r['name']);
      const unmatched = async (wanted: string[]) =>
        Number((await executor.maybeRow(sql.unsafe`SELECT count(*) AS n FROM flow WHERE NOT (${dialect.inList(sql.fragment`name`, wanted, 'text')})`))!['n']);
      // With the unknown name, 1 and 15 names are lists of 2 and 16 values (bound), 16 and 40 of 17 and 41.
      for (const size of [0, 1, 15, 16, 40]) {
        const wanted = [...names.slice(0, size), 'no-such-flow'].slice(size === 0 ? 1 : 0);
        t.deepEqual(await matching(wanted), names.slice(0, size), `${size} names`);
        t.is(await unmatched(wanted), names.length - size, `${size} names, negated`);
      }
    } finally {
      await side.close();
    }
  });

  test(`${kind}: UPDATE … FROM a recordset changes each row from one bound batch`, async (t) => {
    const side = await open(kind);
    const { executor, dialect } = side;
    try {
      const ids: string[] = [];
      for (const name of ['a', 'b', 'c']) {
        const row = await executor.maybeRow(sql.unsafe`INSERT INTO flow (name) VALUES (${name}) RETURNING id`);
        ids.push(String(row!['id']));
      }
      const batch = [
        { id: ids[0], tags: ['x'] },
        { id: ids[2], tags: ['y', 'z'] },
      ];
      const changed = await executor.execute(sql.unsafe`
        UPDATE flow SET tags = batch.tags
        FROM ${dialect.recordset(batch, { id: 'uuid', tags: 'json' })} AS batch
        WHERE flow.id = batch.id`);
      t.is(changed, 2);
      const rows = await executor.rows(sql.unsafe`SELECT name, tags FROM flow ORDER BY name`);
      t.deepEqual(rows.map((r) => dialect.decode<{ name: string; tags: string[] }>(r, { tags: 'json' })), [
        { name: 'a', tags: ['x'] },
        { name: 'b', tags: [] },
        { name: 'c', tags: ['y', 'z'] },
      ]);
    } finally {
      await side.close();
    }
  });

  test(`${kind}: upsert with ON CONFLICT … DO UPDATE keeps one row with the latest value`, async (t) => {
    const side = await open(kind);
    const { executor, dialect } = side;
    try {
      for (const value of [1, 2, 3]) {
        await executor.execute(sql.unsafe`
          INSERT INTO variable (name, value) VALUES (${'counter'}, ${dialect.json(value)})
          ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated = ${dialect.now()}`);
      }
      const rows = await executor.rows(sql.unsafe`SELECT value FROM variable WHERE name = ${'counter'}`);
      t.deepEqual(rows.map((r) => dialect.decode<{ value: number }>(r, { value: 'json' }).value), [3]);
    } finally {
      await side.close();
    }
  });

  test(`${kind}: intervals round-trip as seconds and JSON keeps unicode and nesting`, async (t) => {
    const side = await open(kind);
    const { executor, dialect } = side;
    try {
      const row = await executor.maybeRow(sql.unsafe`
        SELECT ${dialect.interval(90.25)} AS d, ${dialect.json({ 'ключ': ['✓', { n: null }] })} AS j`);
      const decoded = dialect.decode<{ d: number; j: unknown }>(row!, { d: 'interval', j: 'json' });
      t.is(decoded.d, 90.25);
      t.deepEqual(decoded.j, { 'ключ': ['✓', { n: null }] });
    } finally {
      await side.close();
    }
  });
}
