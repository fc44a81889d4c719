// Builds the column lists, VALUES and SET clauses of inserts and updates from plain
// objects, encoding each value by its column kind. Column names come from the code's own
// record types and always pass through sql.identifier.
import { sql } from 'slonik';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';

// Any record type: interfaces have no index signature, so this takes `object`.
type Values = object;

export function encode(dialect: SqlDialect, kinds: ColumnKinds, column: string, value: unknown): Fragment {
  if (value === null || value === undefined) return sql.fragment`${null}`;
  switch (kinds[column]) {
    case 'json':
      return dialect.json(value);
    case 'timestamp':
      return dialect.timestamp(value as string);
    case 'interval':
      return dialect.interval(value as number);
    case 'boolean':
      return sql.fragment`${Boolean(value)}`;
    default:
      return sql.fragment`${value as string | number}`;
  }
}

function defined(values: Values): [string, unknown][] {
  return Object.entries(values as Record<string, unknown>).filter(([, value]) => value !== undefined);
}

/** `(a, b) VALUES (x, y)` for the defined entries of `values`. */
export function insertClause(dialect: SqlDialect, kinds: ColumnKinds, values: Values): Fragment {
  const entries = defined(values);
  return sql.fragment`(${sql.join(entries.map(([c]) => sql.identifier([c])), sql.fragment`, `)})
    VALUES (${sql.join(entries.map(([c, v]) => encode(dialect, kinds, c, v)), sql.fragment`, `)})`;
}

/** `(a, b) VALUES (x1, y1), (x2, y2)` for rows that all carry `columns`. */
export function insertManyClause(
  dialect: SqlDialect,
  kinds: ColumnKinds,
  columns: readonly string[],
  rows: readonly Values[],
): Fragment {
  const tuples = rows.map(
    (row) => sql.fragment`(${sql.join(columns.map((c) => encode(dialect, kinds, c, (row as Record<string, unknown>)[c])), sql.fragment`, `)})`,
  );
  return sql.fragment`(${sql.join(columns.map((c) => sql.identifier([c])), sql.fragment`, `)})
    VALUES ${sql.join(tuples, sql.fragment`, `)}`;
}

/** `a = x, b = y, updated = now()` for the defined entries of `values`. */
export function setClause(dialect: SqlDialect, kinds: ColumnKinds, values: Values): Fragment {
  const assignments = defined(values).map(
    ([c, v]) => sql.fragment`${sql.identifier([c])} = ${encode(dialect, kinds, c, v)}`,
  );
  assignments.push(sql.fragment`updated = ${dialect.now()}`);
  return sql.fragment`${sql.join(assignments, sql.fragment`, `)}`;
}

/**
 * LIMIT/OFFSET; SQLite needs a LIMIT before any OFFSET, so a missing limit becomes the
 * largest safe integer on both dialects.
 */
export function pageClause(limit: number | undefined, offset: number | undefined): Fragment {
  if (limit === undefined && !offset) return sql.fragment``;
  return sql.fragment`LIMIT ${limit ?? Number.MAX_SAFE_INTEGER} OFFSET ${offset ?? 0}`;
}

export function hasUpdates(values: Values): boolean {
  return defined(values).length > 0;
}
