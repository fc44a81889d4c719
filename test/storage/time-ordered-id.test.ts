// Time-ordered ids: valid version-7 UUIDs whose order follows the clock, never repeated.
import test from 'ava';
import { timeOrderedUuid } from '../../packages/storage/src/sql/time-ordered-id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('an id is a version 7 UUID carrying the millisecond it was made in', (t) => {
  const ms = Date.UTC(2026, 10, 26, 3, 4, 5, 678);
  const id = timeOrderedUuid(ms);
  t.regex(id, V7);
  t.is(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16), ms);
});

test('ids made in later milliseconds sort after earlier ones, as text', (t) => {
  const start = Date.UTC(2026, 0, 1);
  const ids = Array.from({ length: 1_000 }, (_, i) => timeOrderedUuid(start + i * 997));
  t.deepEqual([...ids].sort(), ids);
});

test('ids made in the same millisecond differ', (t) => {
  const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid(1_700_000_000_000));
  t.is(new Set(ids).size, ids.length);
});
