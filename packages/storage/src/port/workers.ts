// The workers repository: one row per (pool, worker name), kept alive by heartbeats.
import type { Timestamp } from '../timestamps.ts';
import type { AnyOrNot, Operator, TimeRange } from './filters.ts';

export type WorkerStatus = 'ONLINE' | 'OFFLINE';

export interface WorkerRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly work_pool_id: string;
  readonly last_heartbeat_time: Timestamp;
  readonly heartbeat_interval_seconds: number | null;
  readonly status: WorkerStatus;
}

export interface WorkerFilter {
  readonly operator?: Operator;
  readonly last_heartbeat_time?: TimeRange | null;
  readonly status?: AnyOrNot<WorkerStatus> | null;
}

export interface WorkersRepository {
  /**
   * Creates or refreshes the worker: ONLINE, heartbeat now, and the interval when given.
   * A NOT_READY pool becomes READY (a PAUSED one stays PAUSED).
   */
  heartbeat(workPoolId: string, name: string, heartbeatIntervalSeconds?: number | null): Promise<void>;
  /** The pool's workers, most recent heartbeat first. */
  list(workPoolId: string, filter?: WorkerFilter | null, page?: { limit?: number; offset?: number }): Promise<WorkerRecord[]>;
  delete(workPoolId: string, name: string): Promise<boolean>;
  /**
   * Marks OFFLINE every ONLINE worker silent for more than `multiple` heartbeat intervals
   * (its own, or `fallbackIntervalSeconds`). Returns how many changed.
   */
  markOfflineWithoutRecentHeartbeat(options: { multiple: number; fallbackIntervalSeconds: number }): Promise<number>;
}
