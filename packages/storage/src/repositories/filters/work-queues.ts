// Work queue filters (Prefect's WorkQueueFilter): ids, names, and case-insensitive name prefixes.
import { sql } from 'slonik';
import type { WorkQueueFilter } from '../../port/filters.ts';
import type { Fragment, SqlDialect } from '../../sql/dialect.ts';
import { anyOf, column, combine, type Condition } from './operators.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** ILIKE 'prefix%' on both dialects: lower() on both sides, with LIKE's wildcards escaped. */
const startsWith = (col: Fragment, prefix: string) => sql.fragment`lower(${col}) LIKE lower(${`${escapeLike(prefix)}%`}) ESCAPE '\\'`;

export function workQueueCondition(d: SqlDialect, f: WorkQueueFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      ...anyOf(d, c('name'), f.name),
      combine((f.name?.startswith_ ?? []).map((prefix) => startsWith(c('name'), prefix)), 'or_'),
    ],
    f.operator,
  );
}
