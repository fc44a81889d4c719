// Work queues: WorkQueueCreate and WorkQueueUpdate, the WorkQueueResponse and its
// serializer, the queue status detail, and the bodies of the queue /filter and get_runs.
import { z } from 'zod';
import { nowTimestamp, secondsBetween, type Timestamp, type WorkQueueRecord } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, Name, Uuid, UuidString, nullable, orDefault } from './common.ts';
import { limitSchema } from './filters/bodies.ts';
import { WorkQueueFilter } from './filters/work-queues.ts';

export const QueueFilter = z
  .object({
    tags: nullable(z.array(z.string())),
    deployment_ids: nullable(z.array(Uuid)),
  })
  .meta({ id: 'QueueFilter', description: 'Filter criteria definition for a work queue.' });
export type QueueFilter = z.output<typeof QueueFilter>;

const NonNegativeInt = z.int().min(0);
const PositiveInt = z.int().min(1);

export const WorkQueueCreate = z
  .object({
    name: Name.meta({ description: 'The name of the work queue.' }),
    description: z.string().nullable().default(''),
    is_paused: z.boolean().default(false),
    concurrency_limit: nullable(NonNegativeInt),
    priority: nullable(PositiveInt),
    filter: nullable(QueueFilter).meta({ deprecated: true }),
  })
  .strict()
  .meta({ id: 'WorkQueueCreate', description: 'Data used by the Prefect REST API to create a work queue.' });
export type WorkQueueCreate = z.output<typeof WorkQueueCreate>;

/** Only the fields present are applied; an explicit null is applied too, as Prefect does. */
export const WorkQueueUpdate = z
  .object({
    name: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    is_paused: z.boolean().optional(),
    concurrency_limit: NonNegativeInt.nullable().optional(),
    priority: PositiveInt.nullable().optional(),
    last_polled: DateTime.nullable().optional(),
    filter: QueueFilter.nullable().optional().meta({ deprecated: true }),
  })
  .strict()
  .meta({ id: 'WorkQueueUpdate', description: 'Data used by the Prefect REST API to update a work queue.' });
export type WorkQueueUpdate = z.output<typeof WorkQueueUpdate>;

export const WorkQueueStatus = z.enum(['READY', 'NOT_READY', 'PAUSED']).meta({ id: 'WorkQueueStatus', description: 'Enumeration of work queue statuses.' });

export const WorkQueueResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    description: z.string().nullable(),
    is_paused: z.boolean(),
    concurrency_limit: z.int().nullable(),
    priority: z.int(),
    work_pool_id: UuidString.nullable(),
    filter: QueueFilter.nullable(),
    last_polled: DateTimeString.nullable(),
    work_pool_name: z.string().nullable(),
    status: WorkQueueStatus.nullable(),
    active_slots: z.int().nullable(),
  })
  .meta({ id: 'WorkQueueResponse' });
export type WorkQueueResponse = z.output<typeof WorkQueueResponse>;

/** `activeSlots` counts only for a queue with a concurrency limit. */
export function serializeWorkQueue(record: WorkQueueRecord, activeSlots: number | undefined): WorkQueueResponse {
  const filter = record.filter === null ? null : QueueFilter.safeParse(record.filter);
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    description: record.description,
    is_paused: record.is_paused,
    concurrency_limit: record.concurrency_limit,
    priority: record.priority,
    work_pool_id: record.work_pool_id,
    filter: filter?.success ? filter.data : null,
    last_polled: record.last_polled,
    work_pool_name: record.work_pool_name,
    status: record.status,
    active_slots: record.concurrency_limit === null ? null : (activeSlots ?? 0),
  };
}

export const WorkQueueHealthPolicy = z
  .object({ maximum_late_runs: z.int().nullable(), maximum_seconds_since_last_polled: z.int().nullable() })
  .meta({ id: 'WorkQueueHealthPolicy' });

export const WorkQueueStatusDetail = z
  .object({
    healthy: z.boolean(),
    late_runs_count: z.int(),
    last_polled: DateTimeString.nullable(),
    health_check_policy: WorkQueueHealthPolicy,
  })
  .meta({ id: 'WorkQueueStatusDetail' });
export type WorkQueueStatusDetail = z.output<typeof WorkQueueStatusDetail>;

/** Every queue has Prefect's default policy: no late runs, polled within the last 60 s. */
const HEALTH_POLICY = { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 };

export function workQueueStatusDetail(lastPolled: Timestamp | null, lateRunsCount: number, now = nowTimestamp()): WorkQueueStatusDetail {
  const healthy =
    lateRunsCount <= HEALTH_POLICY.maximum_late_runs &&
    lastPolled !== null &&
    secondsBetween(lastPolled, now) <= HEALTH_POLICY.maximum_seconds_since_last_polled;
  return { healthy, late_runs_count: lateRunsCount, last_polled: lastPolled, health_check_policy: { ...HEALTH_POLICY } };
}

const offset = () => orDefault(z.int().min(0), 0);

export const poolQueuesFilterBody = (defaultLimit: number) =>
  z
    .object({ work_queues: WorkQueueFilter.nullish().transform((f) => f ?? null), offset: offset(), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_work_queues_work_pools__work_pool_name__queues_filter_post' });

export const workQueuesFilterBody = (defaultLimit: number) =>
  z
    .object({ offset: offset(), work_queues: WorkQueueFilter.nullable().default(null), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_work_queues_work_queues_filter_post' });

export const workQueueRunsBody = (defaultLimit: number) =>
  z
    .object({
      scheduled_before: DateTime.nullish()
        .transform((value) => value ?? null)
        .meta({ description: 'Only flow runs scheduled to start before this time will be returned.' }),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_read_work_queue_runs_work_queues__id__get_runs_post' });
