// The work pools repository: pools, their status rules, their concurrency slots, and the
// claim that hands a pool's scheduled runs to polling workers.
import type { Timestamp } from '../timestamps.ts';
import type { FlowRunRecord } from './flow-runs.ts';
import type { WorkPoolFilter } from './filters.ts';
import type { JsonObject } from './states.ts';

export type WorkPoolStatus = 'READY' | 'NOT_READY' | 'PAUSED';

/** Agent pools (the legacy `default-agent-pool`) have no status of their own in Prefect. */
export const AGENT_POOL_TYPE = 'prefect-agent';
export const DEFAULT_AGENT_WORK_POOL_NAME = 'default-agent-pool';

export interface WorkPoolRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly description: string | null;
  readonly type: string;
  readonly base_job_template: JsonObject;
  readonly is_paused: boolean;
  readonly default_queue_id: string | null;
  readonly concurrency_limit: number | null;
  readonly status: WorkPoolStatus;
  readonly last_transitioned_status_at: Timestamp | null;
  readonly last_status_event_id: string | null;
  readonly storage_configuration: JsonObject;
}

export interface WorkPoolInsert {
  readonly name: string;
  readonly type: string;
  readonly description?: string | null;
  readonly base_job_template?: JsonObject;
  readonly is_paused?: boolean;
  readonly concurrency_limit?: number | null;
  readonly storage_configuration?: JsonObject;
}

export interface WorkPoolUpdate {
  readonly description?: string | null;
  readonly is_paused?: boolean;
  readonly base_job_template?: JsonObject;
  readonly concurrency_limit?: number | null;
  readonly storage_configuration?: JsonObject;
}

export interface ClaimRequest {
  readonly workPoolId: string;
  /** The queues to take runs from; null or absent means every queue of the pool. */
  readonly workQueueIds?: readonly string[] | null;
  readonly scheduledBefore?: Timestamp | null;
  readonly scheduledAfter?: Timestamp | null;
  readonly limit: number;
  /** How long a handed-out run stays hidden from other claims, in seconds. */
  readonly leaseSeconds: number;
}

export interface ClaimedRun {
  readonly work_pool_id: string;
  readonly work_queue_id: string;
  readonly run: FlowRunRecord;
}

export interface WorkPoolsRepository {
  /**
   * Creates the pool and its `default` queue, and points default_queue_id at it. A paused
   * pool starts PAUSED, any other NOT_READY. Fails with UniqueViolationError on a taken name.
   */
  create(pool: WorkPoolInsert): Promise<WorkPoolRecord>;
  read(id: string): Promise<WorkPoolRecord | null>;
  readByName(name: string): Promise<WorkPoolRecord | null>;
  /** Pools by name. */
  list(filter?: WorkPoolFilter | null, page?: { limit?: number; offset?: number }): Promise<WorkPoolRecord[]>;
  count(filter?: WorkPoolFilter | null): Promise<number>;
  /**
   * Applies the fields given. Pausing makes the pool PAUSED; unpausing makes it READY when
   * a worker is ONLINE and NOT_READY otherwise (agent pools keep their status). False when
   * the pool does not exist.
   */
  update(id: string, update: WorkPoolUpdate): Promise<boolean>;
  /** Sets the status, stamping a new status event id and transition time. */
  setStatus(id: string, status: WorkPoolStatus): Promise<boolean>;
  /** Makes every READY pool with no ONLINE worker NOT_READY (the foreman); returns their ids. */
  markNotReadyWithoutOnlineWorkers(): Promise<string[]>;
  delete(id: string): Promise<boolean>;
  /** Runs holding each pool's concurrency slots (PENDING or RUNNING), by pool id. */
  activeSlots(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Hands out the pool's due SCHEDULED runs: by queue priority, then scheduled start,
   * within `limit` and the pool's and queues' free concurrency slots; nothing from a paused
   * pool or queue. Each run returned carries a lease of `leaseSeconds` during which no
   * other claim returns it; a leased run also holds a concurrency slot.
   */
  claimScheduledRuns(request: ClaimRequest): Promise<ClaimedRun[]>;
}
