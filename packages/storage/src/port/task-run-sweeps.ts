// What the background services look for among task runs, a page at a time by id (see
// flow-run-sweeps.ts).
import type { Timestamp } from '../timestamps.ts';
import type { SweepPage } from './flow-run-sweeps.ts';
import type { StateType } from './states.ts';

export interface TaskRunSweepRow {
  readonly id: string;
  readonly state_id: string | null;
  readonly state_type: StateType | null;
  readonly flow_run_id: string | null;
}

export interface TaskRunSweeps {
  /** Unfinished task runs of flow runs that were CANCELLED and ended at or after `endedAfter`. */
  findUnfinishedInCancelledFlowRuns(endedAfter: Timestamp, page: SweepPage): Promise<TaskRunSweepRow[]>;
}
