// The flow run inputs repository: text values a flow run receives under a key, unique per run
// (pause schemas and responses, and inputs sent by other runs or users).
import type { Timestamp } from '../timestamps.ts';

export interface FlowRunInputRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly flow_run_id: string;
  readonly key: string;
  readonly value: string;
  readonly sender: string | null;
}

export interface FlowRunInputInsert {
  readonly flow_run_id: string;
  readonly key: string;
  readonly value: string;
  readonly sender?: string | null;
}

export interface FlowRunInputQuery {
  /** Matched as Prefect does, with SQL LIKE `prefix%`: `_` and `%` in it are wildcards. */
  readonly prefix: string;
  /** At most this many, oldest first; a negative limit means no limit. */
  readonly limit: number;
  readonly excludeKeys?: readonly string[];
}

export interface FlowRunInputsRepository {
  /**
   * Fails with UniqueViolationError when the run already has the key, and with
   * ForeignKeyViolationError when there is no such flow run.
   */
  create(input: FlowRunInputInsert): Promise<FlowRunInputRecord>;
  read(flowRunId: string, key: string): Promise<FlowRunInputRecord | null>;
  filter(flowRunId: string, query: FlowRunInputQuery): Promise<FlowRunInputRecord[]>;
  delete(flowRunId: string, key: string): Promise<boolean>;
}
