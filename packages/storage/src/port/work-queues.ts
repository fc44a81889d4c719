// The work queues repository: queues of a pool (priority-ordered), the legacy /work_queues
// view of them, their polling status, and the read-only run listing of a queue.
import type { Timestamp } from '../timestamps.ts';
import type { FlowRunRecord } from './flow-runs.ts';
import type { WorkQueueFilter } from './filters.ts';
import type { JsonObject, StateType } from './states.ts';

export type WorkQueueStatus = 'READY' | 'NOT_READY' | 'PAUSED';

export interface WorkQueueRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly description: string;
  readonly is_paused: boolean;
  readonly concurrency_limit: number | null;
  readonly priority: number;
  readonly last_polled: Timestamp | null;
  readonly status: WorkQueueStatus;
  readonly work_pool_id: string;
  readonly work_pool_name: string;
  /** The deprecated tag/deployment filter of a legacy queue. */
  readonly filter: JsonObject | null;
}

export interface WorkQueueInsert {
  readonly name: string;
  readonly description?: string | null;
  readonly is_paused?: boolean;
  readonly concurrency_limit?: number | null;
  /** Absent: the first free priority, or one past the highest. */
  readonly priority?: number | null;
  readonly filter?: JsonObject | null;
}

export interface WorkQueueUpdate {
  readonly name?: string;
  readonly description?: string;
  readonly is_paused?: boolean;
  readonly concurrency_limit?: number | null;
  readonly priority?: number;
  readonly last_polled?: Timestamp | null;
  readonly filter?: JsonObject | null;
}

/** One queue's waiting runs, for the backlog gauges of the metrics. */
export interface WorkQueueBacklog {
  readonly work_pool_name: string;
  readonly work_queue_name: string;
  /** Its SCHEDULED runs (Late ones included), due or not. */
  readonly scheduled: number;
  /** Those whose next scheduled start is at or before `now`. */
  readonly due: number;
  /** The earliest next scheduled start among its SCHEDULED runs; null when it has none. */
  readonly earliest_start: Timestamp | null;
}

export interface WorkQueuesRepository {
  /**
   * Adds a queue to a pool. A priority already held pushes the queues at and below it down
   * by one, as Prefect does. Fails with UniqueViolationError when the pool has the name.
   */
  create(workPoolId: string, queue: WorkQueueInsert): Promise<WorkQueueRecord>;
  read(id: string): Promise<WorkQueueRecord | null>;
  readByName(workPoolName: string, name: string): Promise<WorkQueueRecord | null>;
  /** The legacy lookup: the queue of that name in `default-agent-pool`, or in any pool when that pool does not exist. */
  readLegacyByName(name: string): Promise<WorkQueueRecord | null>;
  /** The pool's queues by priority. */
  listInPool(workPoolId: string, filter?: WorkQueueFilter | null, page?: { limit?: number; offset?: number }): Promise<WorkQueueRecord[]>;
  /** Every queue of every pool, by name. */
  list(filter?: WorkQueueFilter | null, page?: { limit?: number; offset?: number }): Promise<WorkQueueRecord[]>;
  /**
   * Applies the fields given. Pausing makes the queue PAUSED; unpausing a PAUSED queue makes
   * it READY when polled in the last 60 s, NOT_READY otherwise. A new priority reorders the
   * pool's queues as create does. False when the queue does not exist.
   */
  update(id: string, update: WorkQueueUpdate): Promise<boolean>;
  /** Fails with ForeignKeyViolationError for a pool's default queue. */
  delete(id: string): Promise<boolean>;
  /** Runs in `states` by queue id (for queues with a concurrency limit). */
  activeSlots(ids: readonly string[], states: readonly StateType[]): Promise<Map<string, number>>;
  /**
   * A poll of these queues: last_polled now, NOT_READY queues READY, and the deployments
   * they serve polled and READY (their `updated` untouched).
   */
  recordPoll(ids: readonly string[]): Promise<void>;
  /** Makes READY queues last polled before `threshold` NOT_READY (the foreman); returns how many. */
  markNotReadyPolledBefore(threshold: Timestamp): Promise<number>;
  /** Runs of the queue whose current state is named Late. */
  lateRunsCount(id: string): Promise<number>;
  /**
   * The queue's SCHEDULED runs, matched by work_queue_name as Prefect's legacy query does,
   * due by `scheduledBefore`, earliest first, within `limit` and the queue's free slots
   * (PENDING, RUNNING and CANCELLING runs hold them). Nothing from a paused queue.
   */
  scheduledRuns(queue: WorkQueueRecord, options: { scheduledBefore?: Timestamp | null; limit: number }): Promise<FlowRunRecord[]>;
  /** Every queue of every pool with its SCHEDULED runs counted, in one grouped query; by pool and queue name. */
  backlog(now: Timestamp): Promise<WorkQueueBacklog[]>;
}
