// The building blocks every filter shares, with Prefect's semantics: `any_: []` matches
// nothing, `not_any_: []` everything, `like_` is a case-insensitive substring, and
// `operator` joins a filter's parts with AND or OR.
import { sql } from 'slonik';
import type { AnyOrNot, NullableTimeRange, Operator, TagsFilter } from '../../port/filters.ts';
import type { Fragment, SqlDialect } from '../../sql/dialect.ts';

export type Condition = Fragment | undefined;

export function combine(parts: readonly Condition[], operator: Operator | undefined = 'and_'): Condition {
  const present = parts.filter((p): p is Fragment => p !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return sql.fragment`(${sql.join(present, operator === 'or_' ? sql.fragment` OR ` : sql.fragment` AND `)})`;
}

export const column = (alias: string, name: string): Fragment => sql.fragment`${sql.identifier([alias, name])}`;

export function anyOf(d: SqlDialect, col: Fragment, filter: AnyOrNot | null | undefined, type: 'uuid' | 'text' = 'text'): Condition[] {
  if (!filter) return [];
  const out: Condition[] = [];
  if (filter.any_ != null) out.push(d.inList(col, filter.any_, type));
  if (filter.not_any_ != null) out.push(sql.fragment`NOT (${d.inList(col, filter.not_any_, type)})`);
  return out;
}

export function like(d: SqlDialect, col: Fragment, value: string | null | undefined): Condition {
  return value == null ? undefined : d.contains(col, value);
}

export function isNull(col: Fragment, value: boolean | null | undefined): Condition {
  if (value == null) return undefined;
  return value ? sql.fragment`${col} IS NULL` : sql.fragment`${col} IS NOT NULL`;
}

export function timeRange(d: SqlDialect, col: Fragment, filter: NullableTimeRange | null | undefined): Condition[] {
  if (!filter) return [];
  return [
    filter.before_ != null ? sql.fragment`${col} <= ${d.timestamp(filter.before_)}` : undefined,
    filter.after_ != null ? sql.fragment`${col} >= ${d.timestamp(filter.after_)}` : undefined,
    isNull(col, filter.is_null_),
  ];
}

/** Prefect treats "no tags" as null: `is_null_` tests for an empty tag list. */
export function tags(d: SqlDialect, col: Fragment, filter: TagsFilter | null | undefined): Condition {
  if (!filter) return undefined;
  return combine(
    [
      filter.all_ != null ? d.jsonArrayContainsAll(col, filter.all_) : undefined,
      filter.any_ != null ? d.jsonArrayContainsAny(col, filter.any_) : undefined,
      filter.is_null_ == null ? undefined : filter.is_null_ ? d.jsonArrayIsEmpty(col) : sql.fragment`NOT (${d.jsonArrayIsEmpty(col)})`,
    ],
    filter.operator,
  );
}

export function where(conditions: readonly Condition[]): Fragment {
  const all = combine(conditions);
  return all ? sql.fragment`WHERE ${all}` : sql.fragment``;
}
