// What the scheduler writes and reads: batches of scheduled runs inserted idempotently, and
// the deployments whose schedules need more runs.
import type { Timestamp } from '../timestamps.ts';
import type { JsonObject } from './states.ts';
import type { SweepPage } from './flow-run-sweeps.ts';

/** One run the scheduler made from a deployment schedule, with its SCHEDULED state. */
export interface ScheduledRunInsert {
  readonly id: string;
  readonly flow_id: string;
  readonly name: string;
  readonly deployment_id: string;
  readonly deployment_version: string | null;
  readonly work_queue_name: string | null;
  readonly work_queue_id: string | null;
  readonly infrastructure_document_id: string | null;
  readonly parameters: JsonObject;
  /** Unique per flow: `scheduled <deployment id> <schedule id> <time>`, so two schedulers insert one run. */
  readonly idempotency_key: string;
  readonly tags: string[];
  readonly labels: JsonObject;
  readonly created_by: JsonObject;
  readonly scheduled_time: Timestamp;
}

export interface ScheduledRunsRepository {
  /**
   * Inserts the runs whose (flow, idempotency key) is new, each with a SCHEDULED state (stamped
   * `now`) for `scheduled_time`, and returns the ids of those inserted. Runs another scheduler inserted
   * first are skipped, not failed.
   */
  insertMany(runs: readonly ScheduledRunInsert[], now: Timestamp): Promise<string[]>;
  /**
   * Ids of unpaused deployments, in id order, with an active schedule that has
   * fewer than `minRuns` auto-scheduled runs after `now`, or none later than `now` + `minScheduledSeconds`.
   */
  deploymentsNeedingRuns(page: SweepPage, options: { now: Timestamp; minRuns: number; minScheduledSeconds: number }): Promise<string[]>;
  /** Ids of unpaused deployments with an active schedule, updated at or after `since`, in id order. */
  recentlyUpdatedDeployments(page: SweepPage, options: { since: Timestamp }): Promise<string[]>;
}
