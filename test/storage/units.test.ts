// Pure helpers of the storage layer: timestamps, batching, script splitting, version floor.
import test from 'ava';
import { chunksUnderLimit } from '../../packages/storage/src/sql/batch.ts';
import { splitStatements } from '../../packages/storage/src/sql/sql-file.ts';
import { canonicalTimestamp, secondsBetween } from '../../packages/storage/src/timestamps.ts';
import { assertSqliteVersion } from '../../packages/storage/src/sqlite/connection.ts';
import { parseIntervalSeconds, parseTimestamptz } from '../../packages/storage/src/postgres/connection.ts';

test('canonical timestamps are UTC with six fractional digits, whatever the input form', (t) => {
  t.is(canonicalTimestamp('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000000Z');
  t.is(canonicalTimestamp('2026-01-02T03:04:05.123456789Z'), '2026-01-02T03:04:05.123456Z');
  t.is(canonicalTimestamp('2026-01-02 03:04:05.5+00'), '2026-01-02T03:04:05.500000Z');
  t.is(canonicalTimestamp('2026-01-02T03:04:05.000007+02:00'), '2026-01-02T01:04:05.000007Z');
  t.is(canonicalTimestamp('2026-01-02T03:04:05-0130'), '2026-01-02T04:34:05.000000Z');
  t.is(canonicalTimestamp('2026-01-02T03:04'), '2026-01-02T03:04:00.000000Z');
  t.is(canonicalTimestamp('2026-02-30T00:00:00Z'), undefined);
  t.is(canonicalTimestamp('yesterday'), undefined);
  t.is(secondsBetween('2026-01-01T00:00:00.000001Z', '2026-01-01T00:00:01.500002Z'), 1.500001);
});

test('batches stay under the parameter limit and keep every item in order', (t) => {
  const items = Array.from({ length: 50_000 }, (_, i) => i);
  const sqlite = chunksUnderLimit(items, 6, 32_766);
  const postgres = chunksUnderLimit(items, 6, 65_535);
  t.is(sqlite.length, 10);
  t.is(postgres.length, 5);
  t.true(sqlite.every((chunk) => chunk.length * 6 <= 32_766));
  t.deepEqual(sqlite.flat(), items);
  t.throws(() => chunksUnderLimit(items, 40_000, 32_766), { message: 'one item needs 40000 parameters; the limit is 32766' });
});

test('splits scripts on semicolons outside quotes, comments and dollar quotes', (t) => {
  const script = `-- a; comment
CREATE TABLE a (x text DEFAULT 'semi;colon');
/* block; */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
INSERT INTO "we;ird" VALUES ('it''s; fine');
-- trailing comment only`;
  t.deepEqual(splitStatements(script), [
    "-- a; comment\nCREATE TABLE a (x text DEFAULT 'semi;colon')",
    '/* block; */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
    `INSERT INTO "we;ird" VALUES ('it''s; fine')`,
  ]);
});

test('refuses SQLite older than 3.35 with a message that says what to do', (t) => {
  t.notThrows(() => assertSqliteVersion('3.35.0'));
  t.notThrows(() => assertSqliteVersion('3.54.1'));
  t.throws(() => assertSqliteVersion('3.34.1'), {
    message:
      'SQLite 3.34.1 is too old: prefect-server-ts needs SQLite 3.35.0 or newer (for RETURNING). Upgrade better-sqlite3, or use Postgres through PREFECT_API_DATABASE_CONNECTION_URL.',
  });
});

test('parses Postgres interval output into seconds', (t) => {
  t.is(parseIntervalSeconds('00:00:01.25'), 1.25);
  t.is(parseIntervalSeconds('1 day 02:03:04'), 93_784);
  t.is(parseIntervalSeconds('-00:00:02'), -2);
  t.is(parseIntervalSeconds('00:00:00'), 0);
});

test('moves timestamps by seconds to the microsecond, across second and day boundaries', async (t) => {
  const { addSeconds } = await import('../../packages/storage/src/timestamps.ts');
  t.is(addSeconds('2026-01-01T00:00:00.999999Z', 0.000001), '2026-01-01T00:00:01.000000Z');
  t.is(addSeconds('2026-01-01T00:00:00.000000Z', -0.5), '2025-12-31T23:59:59.500000Z');
  t.is(addSeconds('2026-01-01T12:00:00.123456Z', 86_400), '2026-01-02T12:00:00.123456Z');
});

test('reads Postgres timestamptz output as canonical timestamps, as the general parser does', (t) => {
  const cases: [string, string][] = [
    ['2026-01-02 03:04:05+00', '2026-01-02T03:04:05.000000Z'],
    ['2026-01-02 03:04:05.5+00', '2026-01-02T03:04:05.500000Z'],
    ['2026-01-02 03:04:05.000001+00', '2026-01-02T03:04:05.000001Z'],
    ['2026-12-31 23:59:59.999999+00', '2026-12-31T23:59:59.999999Z'],
    // Sessions in another time zone take the general path.
    ['2026-01-02 05:04:05.25+02', '2026-01-02T03:04:05.250000Z'],
    ['2026-01-01 20:04:05-07:00', '2026-01-02T03:04:05.000000Z'],
  ];
  for (const [text, canonical] of cases) {
    t.is(parseTimestamptz(text), canonical, text);
    t.is(canonicalTimestamp(text), canonical, `${text}, general parser`);
  }
});
