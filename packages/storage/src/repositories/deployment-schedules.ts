// Deployment schedules. Their timestamps come from the application clock, one microsecond
// apart within a batch: Prefect lists schedules by `updated` descending, and Postgres's
// now() is fixed for a whole transaction, which would tie every schedule written in it.
import { sql } from 'slonik';
import type { DeploymentScheduleRecord, DeploymentSchedulesRepository, ScheduleKey } from '../port/deployment-schedules.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { addSeconds, nowTimestamp } from '../timestamps.ts';
import { encode, insertClause } from './codec.ts';

const KINDS: ColumnKinds = {
  created: 'timestamp',
  updated: 'timestamp',
  schedule: 'json',
  parameters: 'json',
  active: 'boolean',
};

const keyCondition = (key: ScheduleKey): Fragment => ('id' in key ? sql.fragment`id = ${key.id}` : sql.fragment`slug = ${key.slug}`);

export function deploymentSchedulesRepository(db: Executor, dialect: SqlDialect): DeploymentSchedulesRepository {
  const decode = (row: Record<string, unknown>) => dialect.decode<DeploymentScheduleRecord>(row, KINDS);
  return {
    list: async (deploymentId, options = {}) =>
      (
        await db.rows(sql.unsafe`
          SELECT * FROM deployment_schedule
          WHERE deployment_id = ${deploymentId} ${options.activeOnly ? sql.fragment`AND active = ${true}` : sql.fragment``}
          ORDER BY updated DESC, id`)
      ).map(decode),
    listByDeployments: async (deploymentIds) => {
      const grouped = new Map<string, DeploymentScheduleRecord[]>(deploymentIds.map((id) => [id, []]));
      if (deploymentIds.length === 0) return grouped;
      const rows = await db.rows(sql.unsafe`
        SELECT * FROM deployment_schedule WHERE ${dialect.inList(sql.fragment`deployment_id`, deploymentIds, 'uuid')}
        ORDER BY updated DESC, id`);
      for (const row of rows.map(decode)) grouped.get(row.deployment_id)?.push(row);
      return grouped;
    },
    create: async (deploymentId, schedules) => {
      const start = nowTimestamp();
      const created: DeploymentScheduleRecord[] = [];
      for (const [index, schedule] of schedules.entries()) {
        const stamp = addSeconds(start, index / 1_000_000);
        const row = await db.maybeRow(sql.unsafe`
          INSERT INTO deployment_schedule ${insertClause(dialect, KINDS, {
            deployment_id: deploymentId,
            created: stamp,
            updated: stamp,
            schedule: schedule.schedule,
            active: schedule.active,
            max_scheduled_runs: schedule.max_scheduled_runs ?? null,
            parameters: schedule.parameters ?? {},
            slug: schedule.slug ?? null,
          })}
          RETURNING *`);
        created.push(decode(row!));
      }
      return created;
    },
    update: async (deploymentId, key, changes) => {
      const assignments = Object.entries({ ...changes, updated: nowTimestamp() })
        .filter(([, value]) => value !== undefined)
        .map(([column, value]) => sql.fragment`${sql.identifier([column])} = ${encode(dialect, KINDS, column, value)}`);
      const touched = await db.execute(sql.unsafe`
        UPDATE deployment_schedule SET ${sql.join(assignments, sql.fragment`, `)}
        WHERE deployment_id = ${deploymentId} AND ${keyCondition(key)}`);
      return touched > 0;
    },
    clearSlugs: async (deploymentId, slugs) => {
      if (slugs.length === 0) return;
      await db.execute(sql.unsafe`
        UPDATE deployment_schedule SET slug = NULL
        WHERE deployment_id = ${deploymentId} AND ${dialect.inList(sql.fragment`slug`, slugs, 'text')}`);
    },
    delete: async (deploymentId, scheduleId) =>
      (await db.execute(sql.unsafe`DELETE FROM deployment_schedule WHERE deployment_id = ${deploymentId} AND id = ${scheduleId}`)) > 0,
    deleteAll: (deploymentId) => db.execute(sql.unsafe`DELETE FROM deployment_schedule WHERE deployment_id = ${deploymentId}`),
    idBySlug: async (deploymentId, slug) => {
      const row = await db.maybeRow(sql.unsafe`SELECT id FROM deployment_schedule WHERE deployment_id = ${deploymentId} AND slug = ${slug}`);
      return row ? String(row['id']) : null;
    },
  };
}
