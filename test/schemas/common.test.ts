// Shared field types: timestamps canonicalise to UTC microseconds, UUIDs to lower-case.
import test from 'ava';
import { DateTime, KeyValueLabels, Uuid, generateRunName } from '../../packages/schemas/src/index.ts';

test('a timestamp with an offset is converted to UTC with six fractional digits', (t) => {
  t.is(DateTime.parse('2026-01-02T05:04:05.5+02:00'), '2026-01-02T03:04:05.500000Z');
});

test('a naive timestamp is taken as UTC', (t) => {
  t.is(DateTime.parse('2026-01-02T03:04:05.123456'), '2026-01-02T03:04:05.123456Z');
  t.is(DateTime.parse('2026-01-02 03:04'), '2026-01-02T03:04:00.000000Z');
});

test('a bare date means midnight UTC', (t) => {
  t.is(DateTime.parse('2026-01-02'), '2026-01-02T00:00:00.000000Z');
});

test('text that is not a timestamp is rejected', (t) => {
  t.false(DateTime.safeParse('yesterday').success);
  t.false(DateTime.safeParse('2026-02-30T00:00:00Z').success);
  t.false(DateTime.safeParse(1_700_000_000).success);
});

test('UUIDs are accepted in any case and produced lower-cased with hyphens', (t) => {
  t.is(Uuid.parse('0F8FAD5B-D9CB-469F-A165-70867728950E'), '0f8fad5b-d9cb-469f-a165-70867728950e');
  t.is(Uuid.parse('0f8fad5bd9cb469fa16570867728950e'), '0f8fad5b-d9cb-469f-a165-70867728950e');
  t.false(Uuid.safeParse('not-a-uuid').success);
  t.false(Uuid.safeParse(42).success);
});

test('labels take booleans, numbers and strings but not nested objects', (t) => {
  t.deepEqual(KeyValueLabels.parse({ a: 1, b: 'x', c: true }), { a: 1, b: 'x', c: true });
  t.false(KeyValueLabels.safeParse({ a: { nested: 1 } }).success);
});

test('generated run names are two lower-case words joined by a dash', (t) => {
  t.regex(generateRunName(), /^[a-z]+-[a-z]+$/);
});
