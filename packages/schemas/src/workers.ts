// Workers: the heartbeat body, the WorkerResponse and its serializer, and the /filter body.
import { z } from 'zod';
import type { WorkerRecord } from '@prefect-server-ts/storage';
import { DateTimeString, UuidString, orDefault } from './common.ts';
import { limitSchema } from './filters/bodies.ts';
import { WorkerFilter, WorkerStatus } from './filters/workers.ts';

export const WorkerHeartbeatBody = z
  .object({
    name: z.string().meta({ description: 'The worker process name' }),
    heartbeat_interval_seconds: z.int().nullish().transform((value) => value ?? null).meta({ description: "The worker's heartbeat interval in seconds" }),
  })
  .meta({ title: 'Body_worker_heartbeat_work_pools__work_pool_name__workers_heartbeat_post' });

export const WorkerResponse = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    work_pool_id: UuidString,
    last_heartbeat_time: DateTimeString.nullable(),
    heartbeat_interval_seconds: z.int().nullable(),
    status: WorkerStatus,
  })
  .meta({ id: 'WorkerResponse' });
export type WorkerResponse = z.output<typeof WorkerResponse>;

export function serializeWorker(record: WorkerRecord): WorkerResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    work_pool_id: record.work_pool_id,
    last_heartbeat_time: record.last_heartbeat_time,
    heartbeat_interval_seconds: record.heartbeat_interval_seconds,
    status: record.status,
  };
}

export const workersFilterBody = (defaultLimit: number) =>
  z
    .object({ workers: WorkerFilter.nullable().default(null), offset: orDefault(z.int().min(0), 0), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_workers_work_pools__work_pool_name__workers_filter_post' });
