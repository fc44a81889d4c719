// Deployments: upserted per (flow, name), read with their work queue, pool and linked
// concurrency limit, filtered with Prefect's cross-resource filters.
import { sql } from 'slonik';
import type { DeploymentFilters, DeploymentRecord, DeploymentSort, DeploymentsRepository, DeploymentWrite, LinkedConcurrencyLimit, ScheduledRunsScope } from '../port/deployments.ts';
import type { JsonObject, Page } from '../port/states.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor, Row } from '../sql/executor.ts';
import { nowTimestamp } from '../timestamps.ts';
import { insertClause, pageClause, setClause } from './codec.ts';
import { workQueueResolver } from './deployment-work-queues.ts';
import { combine, where } from './filters/operators.ts';
import { deploymentCondition, flowCondition, workPoolCondition, workQueueCondition } from './filters/resources.ts';
import { flowRunCondition, taskRunCondition } from './filters/runs.ts';

const KINDS: ColumnKinds = {
  created: 'timestamp',
  updated: 'timestamp',
  last_polled: 'timestamp',
  infra_overrides: 'json',
  parameters: 'json',
  parameter_openapi_schema: 'json',
  tags: 'json',
  labels: 'json',
  pull_steps: 'json',
  created_by: 'json',
  updated_by: 'json',
  concurrency_options: 'json',
  paused: 'boolean',
  enforce_parameter_schema: 'boolean',
  cl__created: 'timestamp',
  cl__updated: 'timestamp',
  cl__active: 'boolean',
};

const SORTS: Record<DeploymentSort, Fragment> = {
  CREATED_DESC: sql.fragment`d.created DESC, d.id`,
  UPDATED_DESC: sql.fragment`d.updated DESC, d.id`,
  NAME_ASC: sql.fragment`d.name ASC, d.id`,
  NAME_DESC: sql.fragment`d.name DESC, d.id`,
};

const SELECT = sql.fragment`
  SELECT d.*, wq.name AS wq__name, wq.work_pool_id AS wq__work_pool_id, wp.name AS wq__work_pool_name,
         cl.id AS cl__id, cl.created AS cl__created, cl.updated AS cl__updated, cl.active AS cl__active,
         cl.name AS cl__name, cl."limit" AS cl__limit, cl.active_slots AS cl__active_slots,
         cl.slot_decay_per_second AS cl__slot_decay_per_second
  FROM deployment AS d
  LEFT JOIN work_queue AS wq ON wq.id = d.work_queue_id
  LEFT JOIN work_pool AS wp ON wp.id = wq.work_pool_id
  LEFT JOIN concurrency_limit_v2 AS cl ON cl.id = d.concurrency_limit_id`;

/** The port's field names as columns: job variables live in `infra_overrides`. */
function columns({ job_variables, ...rest }: DeploymentWrite): Record<string, unknown> {
  return job_variables === undefined ? rest : { ...rest, infra_overrides: job_variables };
}

function decode(dialect: SqlDialect, raw: Row): DeploymentRecord {
  const row = dialect.decode<Row>(raw, KINDS);
  const nested = (prefix: string) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
  const queue = nested('wq__');
  const limit = nested('cl__');
  const plain = Object.fromEntries(Object.entries(row).filter(([key]) => !key.includes('__')));
  const { infra_overrides, concurrency_limit: _deprecatedLimitColumn, ...deployment } = plain;
  return {
    ...(deployment as unknown as DeploymentRecord),
    job_variables: (infra_overrides as JsonObject | null) ?? {},
    work_queue:
      queue['name'] == null
        ? null
        : { id: String(row['work_queue_id']), name: String(queue['name']), work_pool_id: String(queue['work_pool_id']), work_pool_name: String(queue['work_pool_name']) },
    global_concurrency_limit:
      limit['id'] == null
        ? null
        : ({ ...limit, limit: Number(limit['limit']), active_slots: Number(limit['active_slots']), slot_decay_per_second: Number(limit['slot_decay_per_second']) } as unknown as LinkedConcurrencyLimit),
  };
}

/**
 * Deployments (aliased d) matching a Prefect /deployments/filter body. As in Prefect, a
 * run, task run, pool or queue filter that is present requires a matching row to exist,
 * even when it sets no criteria.
 */
function matching(d: SqlDialect, { flows, flow_runs, task_runs, deployments, work_pools, work_pool_queues }: DeploymentFilters = {}) {
  const exists = (from: Fragment, link: Fragment, condition: Fragment | undefined) =>
    sql.fragment`EXISTS (SELECT 1 FROM ${from} WHERE ${link}${condition ? sql.fragment` AND ${condition}` : sql.fragment``})`;
  const runs = flow_runs || task_runs;
  const queues = work_pools || work_pool_queues;
  return where([
    deploymentCondition(d, deployments, 'd'),
    flows ? exists(sql.fragment`flow AS xf`, sql.fragment`xf.id = d.flow_id`, flowCondition(d, flows, 'xf')) : undefined,
    runs
      ? exists(
          task_runs ? sql.fragment`flow_run AS xr JOIN task_run AS xt ON xt.flow_run_id = xr.id` : sql.fragment`flow_run AS xr`,
          sql.fragment`xr.deployment_id = d.id`,
          combine([flowRunCondition(d, flow_runs, 'xr'), taskRunCondition(d, task_runs, 'xt')]),
        )
      : undefined,
    queues
      ? exists(
          work_pools ? sql.fragment`work_queue AS xq JOIN work_pool AS xp ON xp.id = xq.work_pool_id` : sql.fragment`work_queue AS xq`,
          sql.fragment`xq.id = d.work_queue_id`,
          combine([workQueueCondition(d, work_pool_queues, 'xq'), workPoolCondition(d, work_pools, 'xp')]),
        )
      : undefined,
  ]);
}

export function deleteScheduledRuns(db: Executor, dialect: SqlDialect, deploymentId: string, scope: ScheduledRunsScope): Promise<number> {
  return db.execute(sql.unsafe`
    DELETE FROM flow_run
    WHERE deployment_id = ${deploymentId} AND state_type = 'SCHEDULED' AND state_name <> 'AwaitingConcurrencySlot' AND run_count = 0
      ${scope.autoScheduledOnly ? sql.fragment`AND auto_scheduled = ${true}` : sql.fragment``}
      ${scope.futureOnly ? sql.fragment`AND next_scheduled_start_time > ${dialect.timestamp(nowTimestamp())}` : sql.fragment``}`);
}

export function deploymentsRepository(db: Executor, dialect: SqlDialect): DeploymentsRepository {
  const readWhere = async (condition: Fragment) => {
    const row = await db.maybeRow(sql.unsafe`${SELECT} WHERE ${condition}`);
    return row ? decode(dialect, row) : null;
  };
  // Even an empty update moves `updated`, as Prefect's does: the scheduler looks for recently updated deployments.
  const update = async (id: string, changes: DeploymentWrite) =>
    (await db.execute(sql.unsafe`UPDATE deployment SET ${setClause(dialect, KINDS, columns(changes))} WHERE id = ${id}`)) > 0;

  return {
    upsert: ({ flow_id, name, values, insertDefaults }) =>
      db.transaction(async (tx) => {
        // Insert-or-nothing, then update: a racing creator's row is updated, never an error.
        // A row deleted between the two statements is inserted again on the next round.
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const inserted = await tx.maybeRow(sql.unsafe`
            INSERT INTO deployment ${insertClause(dialect, KINDS, { ...columns({ ...insertDefaults, ...values }), flow_id, name })}
            ON CONFLICT (flow_id, name) DO NOTHING
            RETURNING id`);
          if (inserted) return { id: String(inserted['id']), created: true };
          const updated = await tx.maybeRow(sql.unsafe`
            UPDATE deployment SET ${setClause(dialect, KINDS, columns(values))}
            WHERE flow_id = ${flow_id} AND name = ${name}
            RETURNING id`);
          if (updated) return { id: String(updated['id']), created: false };
        }
        throw new Error(`deployment ${name} of flow ${flow_id} kept disappearing while it was upserted`);
      }),
    read: (id) => readWhere(sql.fragment`d.id = ${id}`),
    readByName: (flowName, name) =>
      readWhere(sql.fragment`d.name = ${name} AND d.flow_id IN (SELECT f.id FROM flow AS f WHERE f.name = ${flowName})`),
    list: async (filters, page: Page<DeploymentSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          ${SELECT} ${matching(dialect, filters)}
          ORDER BY ${SORTS[page.sort ?? 'NAME_ASC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decode(dialect, row)),
    count: async (filters) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM deployment AS d ${matching(dialect, filters)}`))!['n']),
    update,
    delete: (id) =>
      db.transaction(async (tx) => {
        await deleteScheduledRuns(tx, dialect, id, { autoScheduledOnly: false, futureOnly: false });
        await tx.execute(sql.unsafe`
          DELETE FROM concurrency_limit_v2 WHERE id = (SELECT concurrency_limit_id FROM deployment WHERE id = ${id})`);
        return (await tx.execute(sql.unsafe`DELETE FROM deployment WHERE id = ${id}`)) > 0;
      }),
    markNotReadyPolledBefore: (threshold) => {
      const before = dialect.timestamp(threshold);
      return db.execute(sql.unsafe`
        UPDATE deployment SET status = 'NOT_READY'
        WHERE status = 'READY' AND last_polled IS NOT NULL AND last_polled < ${before}
          AND NOT EXISTS (SELECT 1 FROM work_queue AS q WHERE q.id = deployment.work_queue_id AND q.last_polled >= ${before})`);
    },
    markPolled: async (ids) => {
      if (ids.length === 0) return;
      // Rows are locked in id order first, so that overlapping polls cannot deadlock.
      await db.execute(sql.unsafe`
        WITH locked AS (
          SELECT l.id FROM deployment AS l WHERE ${dialect.inList(sql.fragment`l.id`, ids, 'uuid')} ORDER BY l.id ${dialect.forUpdateOf('l')}
        )
        UPDATE deployment SET status = 'READY', last_polled = ${dialect.timestamp(nowTimestamp())}
        WHERE id IN (SELECT id FROM locked)`);
    },
    deleteScheduledRuns: (id, scope) => deleteScheduledRuns(db, dialect, id, scope),
    setConcurrencyLimit: (id, limit) =>
      db.transaction(async (tx) => {
        const current = await tx.maybeRow(sql.unsafe`
          SELECT cl.id AS limit_id, cl."limit" AS current_limit
          FROM deployment AS d LEFT JOIN concurrency_limit_v2 AS cl ON cl.id = d.concurrency_limit_id
          WHERE d.id = ${id}`);
        if (!current) return;
        const limitId = current['limit_id'] == null ? null : String(current['limit_id']);
        if (limitId === null ? limit === null : Number(current['current_limit']) === limit) return;
        await tx.execute(sql.unsafe`UPDATE deployment SET concurrency_limit = ${limit}, updated = ${dialect.now()} WHERE id = ${id}`);
        if (limit === null) {
          await tx.execute(sql.unsafe`DELETE FROM concurrency_limit_v2 WHERE id = ${limitId}`);
        } else if (limitId !== null) {
          await tx.execute(sql.unsafe`UPDATE concurrency_limit_v2 SET "limit" = ${limit}, updated = ${dialect.now()} WHERE id = ${limitId}`);
        } else {
          const created = await tx.maybeRow(sql.unsafe`
            INSERT INTO concurrency_limit_v2 (name, "limit", active, active_slots, denied_slots, slot_decay_per_second, avg_slot_occupancy_seconds)
            VALUES (${`deployment:${id}`}, ${limit}, ${true}, 0, 0, 0, 2.0)
            ON CONFLICT (name) DO UPDATE SET "limit" = excluded."limit"
            RETURNING id`);
          await tx.execute(sql.unsafe`UPDATE deployment SET concurrency_limit_id = ${String(created!['id'])} WHERE id = ${id}`);
        }
      }),
    concurrencyLimitExists: async (id) => (await db.maybeRow(sql.unsafe`SELECT id FROM concurrency_limit_v2 WHERE id = ${id}`)) !== null,
    blockDocumentExists: async (id) => (await db.maybeRow(sql.unsafe`SELECT id FROM block_document WHERE id = ${id}`)) !== null,
    readWorkPoolJobTemplate: async (name) => {
      const row = await db.maybeRow(sql.unsafe`SELECT base_job_template FROM work_pool WHERE name = ${name}`);
      return row ? (dialect.decode<Row>(row, { base_job_template: 'json' })['base_job_template'] as JsonObject) : null;
    },
    resolveWorkQueue: workQueueResolver(db, dialect),
  };
}
