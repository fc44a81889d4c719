// The logs repository: bulk inserts from clients, and filtered reads.
import type { Timestamp } from '../timestamps.ts';
import type { LogFilter } from './filters.ts';
import type { Page } from './states.ts';

export interface LogRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly name: string;
  readonly level: number;
  readonly flow_run_id: string | null;
  readonly task_run_id: string | null;
  readonly message: string;
  readonly timestamp: Timestamp;
}

export interface LogInsert {
  readonly name: string;
  readonly level: number;
  readonly flow_run_id?: string | null;
  readonly task_run_id?: string | null;
  readonly message: string;
  readonly timestamp: Timestamp;
}

export type LogSort = 'TIMESTAMP_ASC' | 'TIMESTAMP_DESC';

export interface LogsRepository {
  /**
   * Inserts every log in one transaction, in as many statements as the dialect's parameter
   * limit needs, and publishes their ids on the logs notification channel once it commits.
   */
  createMany(logs: readonly LogInsert[]): Promise<number>;
  list(filter?: LogFilter, page?: Page<LogSort>): Promise<LogRecord[]>;
  count(filter?: LogFilter): Promise<number>;
}
