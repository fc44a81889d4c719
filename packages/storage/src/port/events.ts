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

export interface EventFilter {
  readonly occurred: { readonly since: Timestamp; readonly until: Timestamp };
  readonly event?: { readonly prefix?: readonly string[] | null; readonly exclude_prefix?: readonly string[] | null; readonly name?: readonly string[] | null; readonly exclude_name?: readonly string[] | null } | null;
  readonly resource?: { readonly id?: readonly string[] | null; readonly id_prefix?: readonly string[] | null } | null;
  readonly related?: readonly { readonly id?: readonly string[] | null; readonly role?: readonly string[] | null; readonly resources_in_roles?: readonly (readonly [string, string])[] | null }[] | null;
  readonly any_resource?: readonly { readonly id?: readonly string[] | null; readonly id_prefix?: readonly string[] | null }[] | null;
  readonly id?: { readonly id?: readonly string[] | null } | null;
  readonly order: 'ASC' | 'DESC';
}

export interface EventCountRow {
  readonly value: string;
  readonly count: number;
  readonly start_time: Timestamp;
  readonly end_time: Timestamp;
}

export interface EventsRepository {
  list(filter: EventFilter, page: { readonly limit: number; readonly offset: number }): Promise<{ events: EventRecord[]; total: number }>;
  /** Counts per event name, per primary resource id, or per time bucket (value = bucket index). */
  countBy(
    countable: 'event' | 'resource' | { readonly bucketSeconds: number },
    filter: EventFilter,
  ): Promise<EventCountRow[]>;
  /**
   * Stores events and a row per resource each one names. An event whose id is already
   * stored is skipped, so a client's resend is harmless. Returns the events newly stored,
   * whose ids are published on the events notification channel once the insert commits.
   */
  insertMany(events: readonly EventRecord[]): Promise<EventRecord[]>;
  count(): Promise<number>;
}
