// The flows repository: one row per flow name.
import type { Timestamp } from '../timestamps.ts';
import type { RunFilters } from './filters.ts';
import type { JsonObject, Page } from './states.ts';

export interface FlowRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly tags: string[];
  readonly labels: JsonObject | null;
}

export interface FlowInsert {
  readonly id?: string;
  readonly name: string;
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
}

export interface FlowUpdate {
  readonly tags?: string[];
  readonly labels?: JsonObject | null;
}

export type FlowSort = 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';

export interface FlowsRepository {
  /** Idempotent by name: an existing flow is returned unchanged, with created=false. */
  create(flow: FlowInsert): Promise<{ flow: FlowRecord; created: boolean }>;
  read(id: string): Promise<FlowRecord | null>;
  readByName(name: string): Promise<FlowRecord | null>;
  /** Flows matching every filter: `flows` directly, the others through the flows' runs and deployments. */
  list(filters?: RunFilters, page?: Page<FlowSort>): Promise<FlowRecord[]>;
  count(filters?: RunFilters): Promise<number>;
  update(id: string, update: FlowUpdate): Promise<boolean>;
  /** Deletes the flow and, through foreign keys, its runs and their states. */
  delete(id: string): Promise<boolean>;
}
