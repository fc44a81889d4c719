// Run history: matching runs counted per time bucket and state, for the dashboard charts.
import type { Timestamp } from '../timestamps.ts';
import type { RunFilters } from './filters.ts';

export interface HistoryBucketState {
  readonly bucket_index: number;
  readonly state_type: string | null;
  readonly state_name: string | null;
  readonly count_runs: number;
  /** Seconds, summing only positive estimates. */
  readonly sum_estimated_run_time: number;
  readonly sum_estimated_lateness: number;
}

export interface RunHistoryRepository {
  /**
   * Runs of `kind` whose expected start falls in [start, start + count × interval), grouped by
   * bucket index (0-based) and state.
   */
  history(kind: 'flow_run' | 'task_run', filters: RunFilters, start: Timestamp, intervalSeconds: number, count: number): Promise<HistoryBucketState[]>;
  /** The average lateness in seconds of matching flow runs, or null when none match. */
  averageLateness(filters: RunFilters): Promise<number | null>;
}
