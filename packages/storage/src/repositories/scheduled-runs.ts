// The scheduler's writes: scheduled runs inserted in batches (one bound parameter per
// statement, whatever the batch size), skipping runs another scheduler already inserted.
import { randomUUID } from 'node:crypto';
import { sql } from 'slonik';
import type { ScheduledRunsRepository } from '../port/scheduled-runs.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { addSeconds, type Timestamp } from '../timestamps.ts';

const RUN_COLUMNS = {
  id: 'uuid',
  flow_id: 'uuid',
  name: 'text',
  deployment_id: 'uuid',
  deployment_version: 'text',
  work_queue_name: 'text',
  work_queue_id: 'uuid',
  infrastructure_document_id: 'uuid',
  parameters: 'json',
  idempotency_key: 'text',
  tags: 'json',
  labels: 'json',
  created_by: 'json',
  scheduled_time: 'timestamp',
} as const;

const STATE_COLUMNS = { id: 'uuid', flow_run_id: 'uuid', timestamp: 'timestamp', state_details: 'json' } as const;

/** The runs of one schedule (by `created_by ->> 'id'`) still SCHEDULED after `now`. */
function futureRunsOfSchedule(d: SqlDialect, aggregate: 'count' | 'max', now: Timestamp) {
  const selected = aggregate === 'count' ? sql.fragment`count(*)` : sql.fragment`max(fr.next_scheduled_start_time)`;
  return sql.fragment`(
    SELECT ${selected} FROM flow_run AS fr
    WHERE fr.deployment_id = s.deployment_id AND fr.state_type = 'SCHEDULED' AND fr.auto_scheduled = ${true}
      AND fr.next_scheduled_start_time >= ${d.timestamp(now)}
      AND ${d.jsonText(sql.fragment`fr.created_by`, 'id')} = ${sql.fragment`CAST(s.id AS TEXT)`})`;
}

export function scheduledRunsRepository(db: Executor, dialect: SqlDialect): ScheduledRunsRepository {
  const after = (afterId: string | null) => (afterId === null ? sql.fragment`` : sql.fragment`AND d.id > ${afterId}`);
  return {
    insertMany: async (runs, timestamp) => {
      if (runs.length === 0) return [];
      return db.transaction(async (tx) => {
        const inserted = await tx.rows(sql.unsafe`
          INSERT INTO flow_run (id, flow_id, name, deployment_id, deployment_version, work_queue_name, work_queue_id,
            infrastructure_document_id, parameters, idempotency_key, tags, labels, created_by, auto_scheduled,
            expected_start_time, next_scheduled_start_time, context, empirical_policy, job_variables)
          SELECT id, flow_id, name, deployment_id, deployment_version, work_queue_name, work_queue_id,
            infrastructure_document_id, parameters, idempotency_key, tags, labels, created_by, ${true},
            scheduled_time, scheduled_time, ${dialect.json({})}, ${dialect.json({})}, ${dialect.json({})}
          FROM ${dialect.recordset(runs as never, RUN_COLUMNS)} AS batch
          WHERE true
          ON CONFLICT (flow_id, idempotency_key) DO NOTHING
          RETURNING id`);
        const ids = new Set(inserted.map((row) => String(row['id'])));
        if (ids.size === 0) return [];
        const states = runs
          .filter((run) => ids.has(run.id))
          .map((run) => ({ id: randomUUID(), flow_run_id: run.id, timestamp, state_details: { scheduled_time: run.scheduled_time } }));
        const set = dialect.recordset(states, STATE_COLUMNS);
        await tx.execute(sql.unsafe`
          INSERT INTO flow_run_state (id, flow_run_id, type, name, timestamp, message, state_details)
          SELECT id, flow_run_id, 'SCHEDULED', 'Scheduled', timestamp, 'Flow run scheduled',
            state_details
          FROM ${set} AS batch`);
        await tx.execute(sql.unsafe`
          UPDATE flow_run SET state_id = batch.id, state_type = 'SCHEDULED', state_name = 'Scheduled', state_timestamp = batch.timestamp
          FROM ${set} AS batch WHERE flow_run.id = batch.flow_run_id`);
        return [...ids];
      });
    },
    deploymentsNeedingRuns: async ({ afterId, limit }, { now, minRuns, minScheduledSeconds }) => {
      const rows = await db.rows(sql.unsafe`
          SELECT d.id FROM deployment AS d
          WHERE d.paused = ${false} ${after(afterId)}
            AND EXISTS (
              SELECT 1 FROM deployment_schedule AS s
              WHERE s.deployment_id = d.id AND s.active = ${true}
                AND (${futureRunsOfSchedule(dialect, 'count', now)} < ${minRuns}
                  OR ${futureRunsOfSchedule(dialect, 'max', now)} < ${dialect.timestamp(addSeconds(now, minScheduledSeconds))}))
          ORDER BY d.id LIMIT ${limit}`);
      return rows.map((row) => String(row['id']));
    },
    recentlyUpdatedDeployments: async ({ afterId, limit }, { since }) =>
      (
        await db.rows(sql.unsafe`
          SELECT d.id FROM deployment AS d
          WHERE d.paused = ${false} ${after(afterId)}
            AND d.updated >= ${dialect.timestamp(since)}
            AND EXISTS (SELECT 1 FROM deployment_schedule AS s WHERE s.deployment_id = d.id AND s.active = ${true})
          ORDER BY d.id LIMIT ${limit}`)
      ).map((row) => String(row['id'])),
  };
}
