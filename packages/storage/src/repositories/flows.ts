// Flows: one row per flow name, created idempotently.
import { sql } from 'slonik';
import type { FlowInsert, FlowRecord, FlowSort, FlowsRepository } from '../port/flows.ts';
import type { Page } from '../port/states.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause, whereClause } from './codec.ts';
import { NAMED_KINDS, NAMED_SORTS, namedConditions } from './named-filters.ts';

const KINDS: ColumnKinds = { ...NAMED_KINDS, labels: 'json' };

export function flowsRepository(db: Executor, dialect: SqlDialect): FlowsRepository {
  const decode = (row: Record<string, unknown> | null) => (row ? dialect.decode<FlowRecord>(row, KINDS) : null);
  const readByName = async (name: string) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM flow WHERE name = ${name}`));
  return {
    create: async (flow: FlowInsert) => {
      // DO NOTHING, then read: a racing creator's row is returned rather than an error.
      const inserted = await db.maybeRow(sql.unsafe`
        INSERT INTO flow ${insertClause(dialect, KINDS, { ...flow, tags: flow.tags ?? [] })}
        ON CONFLICT (name) DO NOTHING
        RETURNING *`);
      if (inserted) return { flow: decode(inserted)!, created: true };
      return { flow: (await readByName(flow.name))!, created: false };
    },
    read: async (id) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM flow WHERE id = ${id}`)),
    readByName,
    list: async (filter, page: Page<FlowSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT * FROM flow ${whereClause(namedConditions(dialect, filter))}
          ORDER BY ${NAMED_SORTS[page.sort ?? 'NAME_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decode(row)!),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM flow ${whereClause(namedConditions(dialect, filter))}`))!['n']),
    update: async (id, changes) => {
      if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM flow WHERE id = ${id}`)) !== null;
      return (await db.execute(sql.unsafe`UPDATE flow SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`)) > 0;
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM flow WHERE id = ${id}`)) > 0,
  };
}
