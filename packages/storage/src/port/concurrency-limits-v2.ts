// Global concurrency limits (concurrency_limit_v2): the slots their holders take and give
// back. Every change is one conditional UPDATE, so racing holders can never take more
// slots than a limit has.
import type { Timestamp } from '../timestamps.ts';

export interface ConcurrencyLimitV2Record {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly active: boolean;
  readonly name: string;
  readonly limit: number;
  readonly active_slots: number;
  readonly denied_slots: number;
  readonly slot_decay_per_second: number;
  readonly avg_slot_occupancy_seconds: number;
}

/**
 * What denied slots decay by: for a limit that does not decay on its own, one slot per
 * average occupancy, the occupancy clamped to at most these waits (Prefect's
 * PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS for "tag:" limits,
 * PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS for the others).
 */
export interface SlotDecay {
  readonly tagSlotWaitSeconds: number;
  readonly maximumSlotWaitSeconds: number;
}

export interface ConcurrencyLimitsV2Repository {
  read(id: string): Promise<ConcurrencyLimitV2Record | null>;
  /**
   * Takes `slots` on each active limit of `ids` that has room for them once its slots have
   * decayed. True only when every limit took them (Prefect's bulk_increment_active_slots).
   */
  incrementActiveSlots(ids: readonly string[], slots: number, decay: SlotDecay): Promise<boolean>;
  /**
   * Gives `slots` back on each active limit of `ids` (never below zero), and folds
   * `occupancySeconds`, when given, into the limit's average slot occupancy. Returns how
   * many limits changed.
   */
  decrementActiveSlots(ids: readonly string[], slots: number, decay: SlotDecay, occupancySeconds?: number): Promise<number>;
}
