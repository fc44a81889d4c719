// Events as Prefect's clients emit them, and their resources, stored for filtering.
import type { Timestamp } from '../timestamps.ts';
import type { JsonObject } from './states.ts';

/** `prefect.resource.id` plus any other labels. */
export type Resource = Record<string, string>;

export interface EventRecord {
  readonly id: string;
  readonly occurred: Timestamp;
  readonly event: string;
  readonly resource: Resource;
  readonly related: Resource[];
  readonly payload: JsonObject;
  readonly received: Timestamp;
  readonly follows: string | null;
}

export interface EventsRepository {
  /**
   * Stores events and a row per resource each one names. An event whose id is already
   * stored is skipped, so a client's resend is harmless. Returns the events newly stored.
   */
  insertMany(events: readonly EventRecord[]): Promise<EventRecord[]>;
  count(): Promise<number>;
}
