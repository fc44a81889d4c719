// Sorts and column kinds shared by the tables that have an id, a unique name and JSON
// tags (flow, variable): Prefect sorts both the same way.
import { sql } from 'slonik';
import type { ColumnKinds, Fragment } from '../sql/dialect.ts';

export type NamedSort = 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';

export const NAMED_SORTS: Record<NamedSort, Fragment> = {
  CREATED_DESC: sql.fragment`created DESC, id`,
  UPDATED_DESC: sql.fragment`updated DESC, id`,
  NAME_ASC: sql.fragment`name ASC, id`,
  NAME_DESC: sql.fragment`name DESC, id`,
};

export const NAMED_KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', tags: 'json' };
