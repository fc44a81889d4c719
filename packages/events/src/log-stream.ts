// The live stream of logs stored through any replica, for /api/logs/out. A log passes a
// filter as Prefect's log_matches_filter decides: level range, timestamp range, flow run
// ids and task run ids (or their absence); the text criterion is not applied to live logs.
import type { Logger } from 'pino';
import { NOTIFICATION_CHANNELS, type Database, type LogFilter, type LogRecord } from '@prefect-server-ts/storage';
import { announcedStream, type LiveStream, type StreamSubscriber } from './announced-stream.ts';

export type LogStream = LiveStream<LogRecord, LogFilter>;
export type LogSubscriber = StreamSubscriber<LogRecord, LogFilter>;

export function logMatches(filter: LogFilter, log: LogRecord): boolean {
  const { level, timestamp, flow_run_id: flowRun, task_run_id: taskRun } = filter;
  if (level?.ge_ != null && log.level < level.ge_) return false;
  if (level?.le_ != null && log.level > level.le_) return false;
  if (timestamp?.before_ != null && log.timestamp > timestamp.before_) return false;
  if (timestamp?.after_ != null && log.timestamp < timestamp.after_) return false;
  if (flowRun?.any_ != null && (log.flow_run_id === null || !flowRun.any_.includes(log.flow_run_id))) return false;
  if (taskRun?.any_ != null && (log.task_run_id === null || !taskRun.any_.includes(log.task_run_id))) return false;
  if (taskRun?.is_null_ != null && taskRun.is_null_ !== (log.task_run_id === null)) return false;
  return true;
}

export function logStream(database: Database, log: Logger): LogStream {
  return announcedStream(database, log, {
    channel: NOTIFICATION_CHANNELS.logs,
    what: 'logs',
    read: (db, ids) => db.repositories.logs.list({ id: { any_: [...ids] } }, { limit: ids.length }),
    matches: logMatches,
  });
}
