// Logs: the LogCreate request body (POST /logs/ takes a list of them), the Log response and
// its serializer.
import { z } from 'zod';
import type { LogRecord } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, Uuid, UuidString, nullable } from './common.ts';

export const LogCreate = z
  .object({
    name: z.string(),
    level: z.int(),
    message: z.string(),
    timestamp: DateTime,
    flow_run_id: nullable(Uuid),
    task_run_id: nullable(Uuid),
  })
  .strict()
  .meta({ id: 'LogCreate', description: 'Data used by the Prefect REST API to create a log.' });
export type LogCreate = z.output<typeof LogCreate>;

/** The body of POST /logs/. */
export const LogCreateList = z.array(LogCreate);

export const Log = z
  .object({
    id: UuidString,
    created: DateTimeString.nullable(),
    updated: DateTimeString.nullable(),
    name: z.string(),
    level: z.int(),
    message: z.string(),
    timestamp: DateTimeString,
    flow_run_id: UuidString.nullable(),
    task_run_id: UuidString.nullable(),
  })
  .meta({ id: 'Log', description: 'An ORM representation of log data.' });
export type LogResponse = z.output<typeof Log>;

export function serializeLog(record: LogRecord): LogResponse {
  return {
    id: record.id,
    created: record.created,
    updated: record.updated,
    name: record.name,
    level: record.level,
    message: record.message,
    timestamp: record.timestamp,
    flow_run_id: record.flow_run_id,
    task_run_id: record.task_run_id,
  };
}
