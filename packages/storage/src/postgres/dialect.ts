// Postgres query components: jsonb, timestamptz, interval, arrays bound as one parameter.
import { sql } from 'slonik';
import type { Row } from '../sql/executor.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';

const RECORDSET_TYPES = {
  uuid: sql.fragment`uuid`,
  text: sql.fragment`text`,
  integer: sql.fragment`integer`,
  timestamp: sql.fragment`timestamptz`,
  json: sql.fragment`jsonb`,
} as const;

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  // The wire protocol counts parameters in an unsigned 16-bit field.
  maxBindParameters: 65_535,
  chainsWrites: true,
  json: (value) => sql.fragment`${sql.jsonb(value as never)}`,
  timestamp: (value) => sql.fragment`${value}::timestamptz`,
  now: () => sql.fragment`now()`,
  interval: (seconds) => sql.fragment`make_interval(secs => ${seconds})`,
  inList: (column, values, type) => sql.fragment`${column} = ANY(${sql.array(values, type)})`,
  jsonArrayContainsAll: (column, values) => sql.fragment`${column} @> ${sql.jsonb(values as string[])}`,
  jsonArrayContainsAny: (column, values) => sql.fragment`${column} ?| ${sql.array(values, 'text')}`,
  jsonArrayIsEmpty: (column) => sql.fragment`jsonb_array_length(${column}) = 0`,
  jsonText: (column, key) => sql.fragment`(${column} ->> ${key})`,
  durationSeconds: (column) => sql.fragment`EXTRACT(EPOCH FROM ${column})`,
  secondsBetween: (from, to) => sql.fragment`EXTRACT(EPOCH FROM (${to} - ${from}))`,
  bucketIndex: (timestamp, start, intervalSeconds) =>
    sql.fragment`FLOOR(EXTRACT(EPOCH FROM (${timestamp} - ${start}::timestamptz)) / ${intervalSeconds}::float8)::integer`,
  secondsSince: (column) => sql.fragment`EXTRACT(EPOCH FROM (now() - ${column}))`,
  greatest: (a, b) => sql.fragment`GREATEST(${a}, ${b})`,
  least: (a, b) => sql.fragment`LEAST(${a}, ${b})`,
  contains: (column, value) => sql.fragment`${column} ILIKE ${`%${value}%`}`,
  forUpdateOf: (alias) => sql.fragment`FOR UPDATE OF ${sql.identifier([alias])}`,
  intervalSeries: (start, end, stepSeconds) => sql.fragment`(
    SELECT s AS interval_start, s + make_interval(secs => ${stepSeconds}) AS interval_end
    FROM generate_series(${start}::timestamptz, ${end}::timestamptz, make_interval(secs => ${stepSeconds})) AS s
  )`,
  recordset: (rows, columns) => {
    const definitions = Object.entries(columns).map(
      ([name, type]) => sql.fragment`${sql.identifier([name])} ${RECORDSET_TYPES[type]}`,
    );
    return sql.fragment`(
      SELECT * FROM jsonb_to_recordset(${sql.jsonb(rows as never)}) AS r(${sql.join(definitions, sql.fragment`, `)})
    )`;
  },
  // The pool's type parsers already return ISO timestamps, parsed JSON, booleans and interval seconds.
  decode: <T>(row: Row, _kinds: ColumnKinds) => row as T,
};

export type { Fragment };
