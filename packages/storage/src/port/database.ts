// The storage port: everything routes and services may know about the database.
import type { ConfigurationRepository } from './configuration.ts';
import type { CsrfTokensRepository } from './csrf-tokens.ts';
import type { DeploymentSchedulesRepository } from './deployment-schedules.ts';
import type { DeploymentsRepository } from './deployments.ts';
import type { EventsRepository } from './events.ts';
import type { FlowRunInputsRepository } from './flow-run-inputs.ts';
import type { FlowRunsRepository } from './flow-runs.ts';
import type { FlowsRepository } from './flows.ts';
import type { LogsRepository } from './logs.ts';
import type { StorageObserver } from './observer.ts';
import type { NotificationChannel, NotificationHandlers, NotificationSubscription } from './notifications.ts';
import type { RunHistoryRepository } from './run-history.ts';
import type { ScheduledRunsRepository } from './scheduled-runs.ts';
import type { TaskRunStateCacheRepository } from './task-run-state-cache.ts';
import type { TaskRunsRepository } from './task-runs.ts';
import type { VariablesRepository } from './variables.ts';
import type { WorkPoolsRepository } from './work-pools.ts';
import type { WorkQueuesRepository } from './work-queues.ts';
import type { WorkersRepository } from './workers.ts';
import type { ConcurrencyLeasesRepository } from './concurrency-leases.ts';
import type { ConcurrencyLimitsV2Repository } from './concurrency-limits-v2.ts';

export type Dialect = 'postgres' | 'sqlite';

export interface Repositories {
  readonly flows: FlowsRepository;
  readonly flowRuns: FlowRunsRepository;
  readonly flowRunInputs: FlowRunInputsRepository;
  readonly taskRuns: TaskRunsRepository;
  readonly taskRunStateCache: TaskRunStateCacheRepository;
  readonly logs: LogsRepository;
  readonly variables: VariablesRepository;
  readonly csrfTokens: CsrfTokensRepository;
  readonly events: EventsRepository;
  readonly runHistory: RunHistoryRepository;
  readonly scheduledRuns: ScheduledRunsRepository;
  readonly configuration: ConfigurationRepository;
  readonly workPools: WorkPoolsRepository;
  readonly workQueues: WorkQueuesRepository;
  readonly workers: WorkersRepository;
  readonly deployments: DeploymentsRepository;
  readonly deploymentSchedules: DeploymentSchedulesRepository;
  readonly concurrencyLimitsV2: ConcurrencyLimitsV2Repository;
  readonly concurrencyLeases: ConcurrencyLeasesRepository;
}

export interface TransactionOptions {
  /**
   * The transaction will read rows in order to change them: on Postgres, run reads made
   * with `{ forUpdate: true }` inside it lock their rows (FOR UPDATE). On SQLite every
   * transaction already begins with BEGIN IMMEDIATE, taking the file's write lock up front.
   */
  readonly forUpdate?: boolean;
}

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly inUse: number;
  readonly waiting: number;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly applied_at: string;
}

export interface MigrationStatus {
  readonly applied: AppliedMigration[];
  readonly pending: { version: number; name: string }[];
  /** The highest version this code knows. */
  readonly latest: number;
  /** The highest version applied to the database (0 when none). */
  readonly current: number;
}

export interface DatabaseStatus {
  readonly dialect: Dialect;
  readonly location: string;
  readonly serverVersion: string;
  readonly migrations: MigrationStatus;
  /** Effective PRAGMAs on SQLite, pool settings on Postgres. */
  readonly settings: Record<string, string | number | boolean>;
}

export interface Database {
  readonly dialect: Dialect;
  /** Repositories outside any transaction: each call commits on its own. */
  readonly repositories: Repositories;
  /** Creates the database (the Postgres database, or the SQLite file and its folder) if missing. */
  create(): Promise<void>;
  /** Drops the database. Its connections are closed first. */
  drop(): Promise<void>;
  /** Applies pending migrations, up to `to` when given. Returns the versions applied. */
  upgrade(options?: { to?: number }): Promise<number[]>;
  /** Reverts migrations down to version `to` (default: one step). Returns the versions reverted. */
  downgrade(options?: { to?: number }): Promise<number[]>;
  /** Fails with MigrationError when the schema is not exactly what this code expects. */
  assertSchemaCurrent(): Promise<void>;
  status(): Promise<DatabaseStatus>;
  /**
   * One round trip; fails with DatabaseUnavailableError, naming where it tried, within the
   * connection timeout.
   */
  connect(): Promise<void>;
  /** True when a round trip to the database succeeds within the connection timeout. */
  isConnectable(): Promise<boolean>;
  transaction<T>(fn: (repositories: Repositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Delivers what any process on this database publishes on `channel` (the repositories
   * publish as they write). Resolves once listening, so nothing published afterwards is missed.
   */
  listen(channel: NotificationChannel, handlers: NotificationHandlers): Promise<NotificationSubscription>;
  poolStats(): PoolStats;
  /** Adds an observer of query timings and connection failures; returns its removal. */
  observe(observer: StorageObserver): () => void;
  close(): Promise<void>;
}
