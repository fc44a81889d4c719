// The query components that differ between Postgres and SQLite. Repositories are written
// once against this interface; `postgres/dialect.ts` and `sqlite/dialect.ts` implement it.
import type { FragmentSqlToken } from 'slonik';
import type { Timestamp } from '../timestamps.ts';
import type { Row } from './executor.ts';

export type Fragment = FragmentSqlToken;

/** How a column is stored, so that each dialect can decode what its driver returns. */
export type ColumnKind = 'timestamp' | 'json' | 'boolean' | 'interval';
export type ColumnKinds = Readonly<Record<string, ColumnKind>>;

export interface SqlDialect {
  readonly name: 'postgres' | 'sqlite';
  /** The most bound parameters one statement may carry. */
  readonly maxBindParameters: number;
  /**
   * Whether one statement can chain writes, an INSERT … RETURNING feeding another write in
   * a WITH. Postgres can and SQLite cannot; each statement is a network round trip on
   * Postgres only, so repositories chain hot writes there and run them one by one on SQLite.
   */
  readonly chainsWrites: boolean;
  /** A JSON value as a bound parameter (jsonb on Postgres, TEXT on SQLite). */
  json(value: unknown): Fragment;
  timestamp(value: Timestamp): Fragment;
  /** The current time as a SQL expression. */
  now(): Fragment;
  /** A duration in seconds as a bound parameter (interval on Postgres, REAL on SQLite). */
  interval(seconds: number): Fragment;
  /** `column` equals one of `values`, bound as one parameter whatever the list length. */
  inList(column: Fragment, values: readonly string[], type: 'uuid' | 'text'): Fragment;
  /** The JSON array in `column` contains every one of `values`. */
  jsonArrayContainsAll(column: Fragment, values: readonly string[]): Fragment;
  /** The JSON array in `column` contains at least one of `values`. */
  jsonArrayContainsAny(column: Fragment, values: readonly string[]): Fragment;
  /** The JSON array in `column` has no elements. */
  jsonArrayIsEmpty(column: Fragment): Fragment;
  /** The text value under `key` in the JSON object in `column`. */
  jsonText(column: Fragment, key: string): Fragment;
  /** A stored duration column as seconds (interval on Postgres, REAL on SQLite). */
  durationSeconds(column: Fragment): Fragment;
  /** Seconds from `from` to `to`, both timestamp expressions. */
  secondsBetween(from: Fragment, to: Fragment): Fragment;
  /** The 0-based index of the `intervalSeconds`-wide bucket after `start` that holds `timestamp` (at or after start). */
  bucketIndex(timestamp: Fragment, start: Timestamp, intervalSeconds: number): Fragment;
  /** Seconds from the timestamp in `column` until now. */
  secondsSince(column: Fragment): Fragment;
  /** The larger of two numbers (GREATEST on Postgres, the two-argument max() on SQLite). */
  greatest(a: Fragment, b: Fragment): Fragment;
  /** The smaller of two numbers (LEAST on Postgres, the two-argument min() on SQLite). */
  least(a: Fragment, b: Fragment): Fragment;
  /** Case-insensitive LIKE '%value%', as Prefect's `like_` filters do it (ILIKE). */
  contains(column: Fragment, value: string): Fragment;
  /**
   * Appended to a SELECT to lock the rows of the table aliased `alias`: FOR UPDATE OF on
   * Postgres, nothing on SQLite, where BEGIN IMMEDIATE already holds the write lock.
   */
  forUpdateOf(alias: string): Fragment;
  /**
   * A table expression `(interval_start, interval_end)` of consecutive intervals of
   * `stepSeconds` from `start` up to `end`: generate_series on Postgres, a recursive CTE on SQLite.
   */
  intervalSeries(start: Timestamp, end: Timestamp, stepSeconds: number): Fragment;
  /**
   * A table expression with one row per element of `rows`, typed by `columns`, for
   * UPDATE … FROM and INSERT … SELECT from a batch in one bound parameter.
   */
  recordset(rows: readonly Row[], columns: Readonly<Record<string, 'uuid' | 'text' | 'integer' | 'timestamp' | 'json'>>): Fragment;
  /** Turns a driver row into the port's shapes: ISO timestamps, parsed JSON, booleans, seconds. */
  decode<T>(row: Row, kinds: ColumnKinds): T;
}
