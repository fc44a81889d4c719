// What the background services look for among flow runs. Each sweep returns one page of
// runs ordered by id, after `afterId`, so a service can walk every match without holding a
// transaction and without ever seeing a run twice in one pass.
import type { Timestamp } from '../timestamps.ts';
import type { JsonObject, StateType } from './states.ts';

export interface SweepPage {
  /** Only runs whose id sorts after this one; null starts at the beginning. */
  readonly afterId: string | null;
  readonly limit: number;
}

/** A run as a sweep finds it: enough to decide what to propose; the proposal re-reads it under lock. */
export interface FlowRunSweepRow {
  readonly id: string;
  readonly state_id: string | null;
  readonly state_type: StateType | null;
  readonly state_name: string | null;
  readonly state_timestamp: Timestamp | null;
  readonly state_details: JsonObject | null;
  readonly deployment_id: string | null;
  readonly next_scheduled_start_time: Timestamp | null;
}

export interface FlowRunSweeps {
  /** SCHEDULED runs still named "Scheduled" whose next scheduled start is at or before `scheduledBefore`. */
  findLate(scheduledBefore: Timestamp, page: SweepPage): Promise<FlowRunSweepRow[]>;
  /** Every PAUSED run. */
  findPaused(page: SweepPage): Promise<FlowRunSweepRow[]>;
  /** CANCELLING runs that entered their state at or before `enteredBefore`. */
  findCancellingSince(enteredBefore: Timestamp, page: SweepPage): Promise<FlowRunSweepRow[]>;
  /**
   * Unfinished subflow runs (PENDING, SCHEDULED, RUNNING, PAUSED, CANCELLING) whose parent
   * flow run is CANCELLED, leaving out deployment runs already CANCELLING: their workers
   * finish those.
   */
  findSubflowsOfCancelledRuns(page: SweepPage): Promise<FlowRunSweepRow[]>;
}
