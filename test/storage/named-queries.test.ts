// The named-query loader: placeholders become bound values, never text.
import test from 'ava';
import { loadNamedQuery, namedQueryFromText, parsePlaceholders } from '../../packages/storage/src/sql/named-queries.ts';

test('splits at :name placeholders, not at casts, quotes or comments', (t) => {
  const text = "SELECT :a::int, ':not', \"x:y\" -- :nor\n/* :this */ FROM t WHERE b = :b_2 AND c = :a";
  t.deepEqual(parsePlaceholders(text), {
    literals: ['SELECT ', "::int, ':not', \"x:y\" -- :nor\n/* :this */ FROM t WHERE b = ", ' AND c = ', ''],
    names: ['a', 'b_2', 'a'],
  });
});

test('binds every value as a parameter and refuses missing or unknown names', (t) => {
  const query = namedQueryFromText('SELECT :a, :b, :a', 'test.sql');
  const token = query({ a: 1, b: "x'; DROP TABLE t; --" });
  t.is(token.sql, 'SELECT $slonik_1, $slonik_2, $slonik_3');
  t.deepEqual(token.values, [1, "x'; DROP TABLE t; --", 1]);
  t.throws(() => query({ a: 1 }), { message: 'test.sql needs a value for :b' });
  t.throws(() => query({ a: 1, b: 2, c: 3 }), { message: 'test.sql has no placeholder :c' });
});

test('both dialects name the same placeholders in get-scheduled-flow-runs', (t) => {
  const queries = loadNamedQuery('get-scheduled-flow-runs');
  const parameters = { work_pool_id: 'p', work_queue_ids: null, scheduled_before: null, scheduled_after: null, limit: 1, lease_seconds: 30 };
  t.notThrows(() => queries.postgres(parameters));
  t.notThrows(() => queries.sqlite(parameters));
  t.throws(() => loadNamedQuery('no-such-query'), { code: 'ENOENT' });
});
