// Sorts and filters shared by the tables that have an id, a unique name and JSON tags
// (flow, variable): Prefect filters both the same way.
import { sql } from 'slonik';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';

export type NamedSort = 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';

export const NAMED_SORTS: Record<NamedSort, Fragment> = {
  CREATED_DESC: sql.fragment`created DESC, id`,
  UPDATED_DESC: sql.fragment`updated DESC, id`,
  NAME_ASC: sql.fragment`name ASC, id`,
  NAME_DESC: sql.fragment`name DESC, id`,
};

export const NAMED_KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', tags: 'json' };

export interface NamedFilter {
  readonly ids?: readonly string[];
  readonly names?: readonly string[];
  readonly nameLike?: string;
  readonly tagsAll?: readonly string[];
}

export function namedConditions(dialect: SqlDialect, filter: NamedFilter = {}): Fragment[] {
  const out: Fragment[] = [];
  if (filter.ids) out.push(dialect.inList(sql.fragment`id`, filter.ids, 'uuid'));
  if (filter.names) out.push(dialect.inList(sql.fragment`name`, filter.names, 'text'));
  if (filter.nameLike !== undefined) out.push(dialect.contains(sql.fragment`name`, filter.nameLike));
  if (filter.tagsAll) out.push(dialect.jsonArrayContainsAll(sql.fragment`tags`, filter.tagsAll));
  return out;
}
