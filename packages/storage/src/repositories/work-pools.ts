// Work pools: each created with its default queue, Prefect's pause/status rules, their
// concurrency slots, and the claim that leases scheduled runs to polling workers.
import { randomUUID } from 'node:crypto';
import { sql } from 'slonik';
import type { WorkPoolFilter } from '../port/filters.ts';
import {
  AGENT_POOL_TYPE,
  type ClaimedRun,
  type ClaimRequest,
  type WorkPoolInsert,
  type WorkPoolRecord,
  type WorkPoolsRepository,
  type WorkPoolStatus,
  type WorkPoolUpdate,
} from '../port/work-pools.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor, Row } from '../sql/executor.ts';
import { loadNamedQuery } from '../sql/named-queries.ts';
import { nowTimestamp } from '../timestamps.ts';
import { insertClause, pageClause, setClause } from './codec.ts';
import { flowRunsRepository } from './flow-runs.ts';
import { where } from './filters/operators.ts';
import { workPoolCondition } from './filters/resources.ts';
import { workQueuesRepository } from './work-queues.ts';

const KINDS: ColumnKinds = {
  created: 'timestamp',
  updated: 'timestamp',
  last_transitioned_status_at: 'timestamp',
  base_job_template: 'json',
  storage_configuration: 'json',
  is_paused: 'boolean',
};

const CLAIM = loadNamedQuery('get-scheduled-flow-runs');

/** A status change, as Prefect records it: a new status event id and the time of the change. */
function statusChange(status: WorkPoolStatus) {
  return { status, last_status_event_id: randomUUID(), last_transitioned_status_at: nowTimestamp() };
}

export function workPoolsRepository(db: Executor, dialect: SqlDialect): WorkPoolsRepository {
  const decode = (row: Row | null) => (row ? dialect.decode<WorkPoolRecord>(row, KINDS) : null);
  const read = async (id: string) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM work_pool WHERE id = ${id}`));

  return {
    create: (pool: WorkPoolInsert) =>
      db.transaction(async (tx) => {
        const status: WorkPoolStatus = pool.type !== AGENT_POOL_TYPE && pool.is_paused ? 'PAUSED' : 'NOT_READY';
        const inserted = await tx.maybeRow(sql.unsafe`
          INSERT INTO work_pool ${insertClause(dialect, KINDS, {
            ...pool,
            base_job_template: pool.base_job_template ?? {},
            storage_configuration: pool.storage_configuration ?? {},
            status,
          })}
          RETURNING id`);
        const id = String(inserted!['id']);
        const queue = await workQueuesRepository(tx, dialect).create(id, { name: 'default', description: "The work pool's default queue." });
        await tx.execute(sql.unsafe`UPDATE work_pool SET default_queue_id = ${queue.id} WHERE id = ${id}`);
        return (await workPoolsRepository(tx, dialect).read(id))!;
      }),
    read,
    readByName: async (name) => decode(await db.maybeRow(sql.unsafe`SELECT * FROM work_pool WHERE name = ${name}`)),
    list: async (filter?: WorkPoolFilter | null, page = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT p.* FROM work_pool AS p ${where([workPoolCondition(dialect, filter, 'p')])}
          ORDER BY p.name, p.id ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decode(row)!),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM work_pool AS p ${where([workPoolCondition(dialect, filter, 'p')])}`))!['n']),
    update: (id: string, changes: WorkPoolUpdate) =>
      db.transaction(async (tx) => {
        const current = await tx.maybeRow(sql.unsafe`SELECT p.type FROM work_pool AS p WHERE p.id = ${id} ${dialect.forUpdateOf('p')}`);
        if (!current) return false;
        let status: WorkPoolStatus | undefined;
        if (current['type'] !== AGENT_POOL_TYPE && changes.is_paused === true) status = 'PAUSED';
        if (current['type'] !== AGENT_POOL_TYPE && changes.is_paused === false) {
          const online = await tx.maybeRow(sql.unsafe`SELECT 1 AS one FROM worker WHERE work_pool_id = ${id} AND status = 'ONLINE' LIMIT 1`);
          status = online ? 'READY' : 'NOT_READY';
        }
        const values = { ...changes, ...(status ? statusChange(status) : {}) };
        await tx.execute(sql.unsafe`UPDATE work_pool SET ${setClause(dialect, KINDS, values)} WHERE id = ${id}`);
        return true;
      }),
    setStatus: async (id, status) =>
      (await db.execute(sql.unsafe`UPDATE work_pool SET ${setClause(dialect, KINDS, statusChange(status))} WHERE id = ${id}`)) > 0,
    markNotReadyWithoutOnlineWorkers: async () => {
      const change = statusChange('NOT_READY');
      const rows = await db.rows(sql.unsafe`
        UPDATE work_pool SET ${setClause(dialect, KINDS, change)}
        WHERE status = 'READY' AND NOT EXISTS (SELECT 1 FROM worker AS w WHERE w.work_pool_id = work_pool.id AND w.status = 'ONLINE')
        RETURNING id`);
      return rows.map((row) => String(row['id']));
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM work_pool WHERE id = ${id}`)) > 0,
    activeSlots: async (ids) => {
      if (ids.length === 0) return new Map();
      const rows = await db.rows(sql.unsafe`
        SELECT q.work_pool_id AS id, count(*) AS n
        FROM flow_run AS r JOIN work_queue AS q ON q.id = r.work_queue_id
        WHERE ${dialect.inList(sql.fragment`q.work_pool_id`, ids, 'uuid')} AND r.state_type IN ('PENDING', 'RUNNING')
        GROUP BY q.work_pool_id`);
      return new Map(rows.map((row) => [String(row['id']), Number(row['n'])]));
    },
    claimScheduledRuns: (request: ClaimRequest) =>
      db.transaction(async (tx): Promise<ClaimedRun[]> => {
        const limits = await tx.maybeRow(sql.unsafe`
          SELECT p.concurrency_limit IS NOT NULL
                 OR EXISTS (SELECT 1 FROM work_queue AS q WHERE q.work_pool_id = p.id AND q.concurrency_limit IS NOT NULL) AS limited
          FROM work_pool AS p WHERE p.id = ${request.workPoolId}`);
        if (!limits) return [];
        // With a concurrency limit, claims on the pool take turns: each counts the slots the
        // previous one leased. Unlimited pools need no turns; SKIP LOCKED keeps claims apart.
        if (Boolean(limits['limited'])) {
          await tx.rows(sql.unsafe`SELECT p.id FROM work_pool AS p WHERE p.id = ${request.workPoolId} ${dialect.forUpdateOf('p')}`);
        }
        const leased = await tx.rows(
          CLAIM[dialect.name]({
            work_pool_id: request.workPoolId,
            work_queue_ids: request.workQueueIds ? JSON.stringify(request.workQueueIds) : null,
            scheduled_before: request.scheduledBefore ?? null,
            scheduled_after: request.scheduledAfter ?? null,
            limit: request.limit,
            lease_seconds: request.leaseSeconds,
          }),
        );
        if (leased.length === 0) return [];
        const queueOf = new Map(leased.map((row) => [String(row['id']), String(row['work_queue_id'])]));
        const priorities = new Map(
          (await tx.rows(sql.unsafe`SELECT id, priority FROM work_queue WHERE work_pool_id = ${request.workPoolId}`)).map((row) => [String(row['id']), Number(row['priority'])]),
        );
        const runs = await flowRunsRepository(tx, dialect).list(
          { flow_runs: { id: { any_: [...queueOf.keys()] } } },
          { sort: 'NEXT_SCHEDULED_START_TIME_ASC', limit: leased.length },
        );
        const priority = (runId: string) => priorities.get(queueOf.get(runId)!) ?? 0;
        return runs
          .sort((a, b) => priority(a.id) - priority(b.id))
          .map((run) => ({ work_pool_id: request.workPoolId, work_queue_id: queueOf.get(run.id)!, run }));
      }),
  };
}
