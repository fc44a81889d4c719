// Variables: named JSON values. The smallest repository, and the pattern the others follow.
import { sql } from 'slonik';
import type { Page } from '../port/states.ts';
import type { VariableFilter } from '../port/filters.ts';
import type { VariableInsert, VariableRecord, VariableSort, VariablesRepository, VariableUpdate } from '../port/variables.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause } from './codec.ts';
import { where } from './filters/operators.ts';
import { variableCondition } from './filters/resources.ts';
import { NAMED_KINDS, NAMED_SORTS } from './named-filters.ts';

const KINDS: ColumnKinds = { ...NAMED_KINDS, value: 'json' };

export function variablesRepository(db: Executor, dialect: SqlDialect): VariablesRepository {
  const decode = (row: Record<string, unknown> | null) => (row ? dialect.decode<VariableRecord>(row, KINDS) : null);
  const update = async (key: Fragment, changes: VariableUpdate) => {
    if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM variable WHERE ${key}`)) !== null;
    return (await db.execute(sql.unsafe`UPDATE variable SET ${setClause(dialect, KINDS, changes)} WHERE ${key}`)) > 0;
  };
  return {
    create: async (variable: VariableInsert) =>
      decode(
        await db.maybeRow(sql.unsafe`
          INSERT INTO variable ${insertClause(dialect, KINDS, { ...variable, tags: variable.tags ?? [] })}
          RETURNING *`),
      )!,
    read: async (id) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM variable WHERE id = ${id}`)),
    readByName: async (name) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM variable WHERE name = ${name}`)),
    list: async (filter?: VariableFilter, page: Page<VariableSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT v.* FROM variable AS v ${where([variableCondition(dialect, filter, 'v')])}
          ORDER BY ${NAMED_SORTS[page.sort ?? 'NAME_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decode(row)!),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM variable AS v ${where([variableCondition(dialect, filter, 'v')])}`))!['n']),
    update: (id, changes) => update(sql.fragment`id = ${id}`, changes),
    updateByName: (name, changes) => update(sql.fragment`name = ${name}`, changes),
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM variable WHERE id = ${id}`)) > 0,
    deleteByName: async (name) => (await db.execute(sql.unsafe`DELETE FROM variable WHERE name = ${name}`)) > 0,
  };
}
