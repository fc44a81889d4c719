// The deployments repository: deployments unique per (flow, name), their work queue and
// linked concurrency limit, and the scheduled runs they own.
import type { Timestamp } from '../timestamps.ts';
import type { ConcurrencyLimitV2Record } from './concurrency-limits-v2.ts';
import type { RunFilters, WorkQueueFilter } from './filters.ts';
import type { JsonObject, Page } from './states.ts';

export type DeploymentStatus = 'READY' | 'NOT_READY';

/** The concurrency_limit_v2 row a deployment points at (Prefect's global_concurrency_limit). */
export type LinkedConcurrencyLimit = Pick<
  ConcurrencyLimitV2Record,
  'id' | 'created' | 'updated' | 'active' | 'name' | 'limit' | 'active_slots' | 'slot_decay_per_second'
>;

/** A work queue with the pool that holds it. */
export interface WorkQueueRef {
  readonly id: string;
  readonly name: string;
  readonly work_pool_id: string;
  readonly work_pool_name: string;
}

export interface DeploymentRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly flow_id: string;
  readonly version: string | null;
  readonly description: string | null;
  readonly paused: boolean;
  readonly status: DeploymentStatus;
  readonly last_polled: Timestamp | null;
  /** The column as written; the queue's own name is in `work_queue`. */
  readonly work_queue_name: string | null;
  readonly work_queue_id: string | null;
  /** The queue `work_queue_id` points at, when it exists. */
  readonly work_queue: WorkQueueRef | null;
  /** Stored in the `infra_overrides` column. */
  readonly job_variables: JsonObject;
  readonly parameters: JsonObject;
  readonly parameter_openapi_schema: JsonObject | null;
  readonly enforce_parameter_schema: boolean;
  readonly tags: string[];
  readonly labels: JsonObject | null;
  readonly pull_steps: JsonObject[] | null;
  readonly path: string | null;
  readonly entrypoint: string | null;
  readonly storage_document_id: string | null;
  readonly infrastructure_document_id: string | null;
  readonly created_by: JsonObject | null;
  readonly updated_by: JsonObject | null;
  readonly concurrency_limit_id: string | null;
  readonly concurrency_options: JsonObject | null;
  readonly global_concurrency_limit: LinkedConcurrencyLimit | null;
}

/** Columns a create or update may set; absent fields are left alone. */
export interface DeploymentWrite {
  readonly version?: string | null;
  readonly description?: string | null;
  readonly paused?: boolean;
  readonly work_queue_name?: string | null;
  readonly work_queue_id?: string | null;
  readonly job_variables?: JsonObject;
  readonly parameters?: JsonObject;
  readonly parameter_openapi_schema?: JsonObject | null;
  readonly enforce_parameter_schema?: boolean;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
  readonly pull_steps?: JsonObject[] | null;
  readonly path?: string | null;
  readonly entrypoint?: string | null;
  readonly storage_document_id?: string | null;
  readonly infrastructure_document_id?: string | null;
  readonly concurrency_limit_id?: string | null;
  readonly concurrency_options?: JsonObject | null;
}

export interface DeploymentUpsert {
  readonly flow_id: string;
  readonly name: string;
  /** Written on insert and on update. */
  readonly values: DeploymentWrite;
  /** Written on insert only, for the fields `values` leaves out. */
  readonly insertDefaults: DeploymentWrite;
}

export type DeploymentSort = 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';

/** Prefect's deployment filter bodies: the run filters plus the deployments' work queues. */
export interface DeploymentFilters extends RunFilters {
  readonly work_pool_queues?: WorkQueueFilter | null;
}

export interface ScheduledRunsScope {
  /** Only runs the scheduler created (auto_scheduled). */
  readonly autoScheduledOnly: boolean;
  /** Only runs whose next scheduled start is after now. */
  readonly futureOnly: boolean;
}

export interface WorkQueueLookup {
  readonly workPoolName?: string | null;
  readonly workQueueName?: string | null;
}

export interface DeploymentsRepository {
  /**
   * Inserts the deployment, or updates the one with the same (flow_id, name). Racing
   * upserts of one name leave one row and never fail.
   */
  upsert(deployment: DeploymentUpsert): Promise<{ id: string; created: boolean }>;
  read(id: string): Promise<DeploymentRecord | null>;
  readByName(flowName: string, name: string): Promise<DeploymentRecord | null>;
  list(filters?: DeploymentFilters, page?: Page<DeploymentSort>): Promise<DeploymentRecord[]>;
  count(filters?: DeploymentFilters): Promise<number>;
  /** Writes the given fields and moves `updated`, even when no field is given. */
  update(id: string, changes: DeploymentWrite): Promise<boolean>;
  /** Deletes the deployment with its schedules and the concurrency limit it points at. */
  delete(id: string): Promise<boolean>;
  /** Sets status READY and last_polled now, leaving `updated` alone. */
  markPolled(ids: readonly string[]): Promise<void>;
  /**
   * Makes READY deployments NOT_READY when they were last polled before `threshold` and
   * their work queue (if any) was too (the foreman). Returns how many changed.
   */
  markNotReadyPolledBefore(threshold: Timestamp): Promise<number>;
  /** Deletes the deployment's SCHEDULED runs that never ran (not those awaiting a concurrency slot). */
  deleteScheduledRuns(id: string, scope: ScheduledRunsScope): Promise<number>;
  /**
   * Gives the deployment its own concurrency limit of `limit` (creating, updating or,
   * for null, deleting the one it points at), as Prefect's `concurrency_limit` field does.
   */
  setConcurrencyLimit(id: string, limit: number | null): Promise<void>;
  concurrencyLimitExists(id: string): Promise<boolean>;
  blockDocumentExists(id: string): Promise<boolean>;
  /** The pool's base job template; null when no pool has that name. */
  readWorkPoolJobTemplate(name: string): Promise<JsonObject | null>;
  /**
   * The work queue a deployment or run names, created when missing as Prefect does: a
   * named queue in a named pool, the pool's default queue, or (queue name only) a queue in
   * the default agent pool. Null when the named pool does not exist (or has no default queue).
   */
  resolveWorkQueue(lookup: WorkQueueLookup): Promise<WorkQueueRef | null>;
}
