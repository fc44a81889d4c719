// Flows: one row per flow name, created idempotently.
import { sql } from 'slonik';
import type { RunFilters } from '../port/filters.ts';
import type { FlowInsert, FlowRecord, FlowSort, FlowsRepository } from '../port/flows.ts';
import type { Page } from '../port/states.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause } from './codec.ts';
import { combine, where } from './filters/operators.ts';
import { deploymentCondition, flowCondition, workPoolCondition } from './filters/resources.ts';
import { flowRunsMatching } from './filters/runs.ts';
import { NAMED_KINDS, NAMED_SORTS } from './named-filters.ts';

const KINDS: ColumnKinds = { ...NAMED_KINDS, labels: 'json' };

/** Flows (aliased f) matching a Prefect /flows/filter body. */
function matching(d: SqlDialect, { flows, deployments, work_pools, ...runs }: RunFilters = {}) {
  const run = combine(flowRunsMatching(d, runs, 'fr'));
  const deployment = deploymentCondition(d, deployments, 'fd');
  const pool = workPoolCondition(d, work_pools, 'fp');
  return where([
    flowCondition(d, flows, 'f'),
    run && sql.fragment`EXISTS (SELECT 1 FROM flow_run AS fr WHERE fr.flow_id = f.id AND ${run})`,
    deployment && sql.fragment`f.id IN (SELECT fd.flow_id FROM deployment AS fd WHERE ${deployment})`,
    pool &&
      sql.fragment`f.id IN (SELECT pd.flow_id FROM deployment AS pd
        JOIN work_queue AS pq ON pq.id = pd.work_queue_id JOIN work_pool AS fp ON fp.id = pq.work_pool_id WHERE ${pool})`,
  ]);
}

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
    list: async (filters, page: Page<FlowSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT f.* FROM flow AS f ${matching(dialect, filters)}
          ORDER BY ${NAMED_SORTS[page.sort ?? 'NAME_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decode(row)!),
    count: async (filters) => Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM flow AS f ${matching(dialect, filters)}`))!['n']),
    update: async (id, changes) => {
      if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM flow WHERE id = ${id}`)) !== null;
      return (await db.execute(sql.unsafe`UPDATE flow SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`)) > 0;
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM flow WHERE id = ${id}`)) > 0,
  };
}
