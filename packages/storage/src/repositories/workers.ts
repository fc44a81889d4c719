// Workers: upserted by (pool, name) on each heartbeat; a heartbeat readies a NOT_READY pool.
import { randomUUID } from 'node:crypto';
import { sql } from 'slonik';
import type { WorkerFilter, WorkerRecord, WorkersRepository } from '../port/workers.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { nowTimestamp } from '../timestamps.ts';
import { pageClause } from './codec.ts';
import { anyOf, column, combine, timeRange, where, type Condition } from './filters/operators.ts';

const KINDS: ColumnKinds = { created: 'timestamp', updated: 'timestamp', last_heartbeat_time: 'timestamp' };

function workerCondition(d: SqlDialect, f: WorkerFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const status = f.status;
  return combine(
    [
      ...timeRange(d, column(alias, 'last_heartbeat_time'), f.last_heartbeat_time),
      ...anyOf(d, column(alias, 'status'), status ? { any_: status.any_ ?? null } : null),
      // Prefect ignores an empty not_any_ here rather than matching everything.
      ...(status?.not_any_?.length ? anyOf(d, column(alias, 'status'), { not_any_: status.not_any_ }) : []),
    ],
    f.operator,
  );
}

export function workersRepository(db: Executor, dialect: SqlDialect): WorkersRepository {
  return {
    heartbeat: (workPoolId, name, heartbeatIntervalSeconds) =>
      db.transaction(async (tx) => {
        // The pool first: the worker row's foreign key would share-lock the pool row, and
        // upgrading that lock afterwards can deadlock with a queue write waiting for it.
        await tx.execute(sql.unsafe`
          UPDATE work_pool
          SET status = 'READY', last_status_event_id = ${randomUUID()},
              last_transitioned_status_at = ${dialect.timestamp(nowTimestamp())}, updated = ${dialect.now()}
          WHERE id = ${workPoolId} AND status = 'NOT_READY'`);
        // The interval is kept when a heartbeat does not send one.
        await tx.execute(sql.unsafe`
          INSERT INTO worker (work_pool_id, name, last_heartbeat_time, status, heartbeat_interval_seconds)
          VALUES (${workPoolId}, ${name}, ${dialect.now()}, 'ONLINE', ${heartbeatIntervalSeconds ?? null})
          ON CONFLICT (work_pool_id, name) DO UPDATE
          SET last_heartbeat_time = excluded.last_heartbeat_time,
              status = 'ONLINE',
              heartbeat_interval_seconds = coalesce(excluded.heartbeat_interval_seconds, worker.heartbeat_interval_seconds),
              updated = ${dialect.now()}`);
      }),
    list: async (workPoolId, filter, page = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT w.* FROM worker AS w
          ${where([sql.fragment`w.work_pool_id = ${workPoolId}`, workerCondition(dialect, filter, 'w')])}
          ORDER BY w.last_heartbeat_time DESC, w.id ${pageClause(page.limit, page.offset)}`)
      ).map((row) => dialect.decode<WorkerRecord>(row, KINDS)),
    delete: async (workPoolId, name) => (await db.execute(sql.unsafe`DELETE FROM worker WHERE work_pool_id = ${workPoolId} AND name = ${name}`)) > 0,
    markOfflineWithoutRecentHeartbeat: async ({ multiple, fallbackIntervalSeconds }) =>
      db.execute(sql.unsafe`
        UPDATE worker SET status = 'OFFLINE', updated = ${dialect.now()}
        WHERE status = 'ONLINE'
          AND ${dialect.secondsSince(sql.fragment`last_heartbeat_time`)} > coalesce(heartbeat_interval_seconds, ${fallbackIntervalSeconds}) * ${multiple}`),
  };
}
