// Concurrency leases: who holds slots on which global concurrency limits, and until when.
// Prefect's lease storage, kept in the database so that every replica sees one set of leases.
import type { Timestamp } from '../timestamps.ts';
import type { SweepPage } from './flow-run-sweeps.ts';

export interface ConcurrencyLeaseHolder {
  readonly type: 'flow_run' | 'task_run' | 'deployment';
  readonly id: string;
}

/** Prefect's ConcurrencyLimitLeaseMetadata. */
export interface ConcurrencyLeaseMetadata {
  readonly slots: number;
  readonly holder: ConcurrencyLeaseHolder | null;
}

export interface ConcurrencyLeaseRecord {
  readonly id: string;
  readonly created: Timestamp;
  /** The concurrency_limit_v2 ids the lease holds slots on. */
  readonly resource_ids: string[];
  readonly expiration: Timestamp;
  readonly metadata: ConcurrencyLeaseMetadata;
}

export interface ConcurrencyLeaseCreate {
  readonly resource_ids: readonly string[];
  readonly expiration: Timestamp;
  readonly metadata: ConcurrencyLeaseMetadata;
}

export interface ConcurrencyLeasesRepository {
  create(lease: ConcurrencyLeaseCreate): Promise<ConcurrencyLeaseRecord>;
  read(id: string): Promise<ConcurrencyLeaseRecord | null>;
  /**
   * Moves the lease's expiration. A lease counts until it is revoked, so one that has
   * expired but not yet been repossessed is renewed too. False when there is no such lease.
   */
  renew(id: string, expiration: Timestamp): Promise<boolean>;
  /** Deletes the lease, returning it; null when there was none. */
  revoke(id: string): Promise<ConcurrencyLeaseRecord | null>;
  /**
   * Deletes the lease only if it expired before `now`, returning it. Of racing repossessors
   * one gets it, and a renewal committed first keeps it.
   */
  revokeIfExpired(id: string, now: Timestamp): Promise<ConcurrencyLeaseRecord | null>;
  /** Leases that expired before `now`, a page at a time in id order. */
  findExpired(now: Timestamp, page: SweepPage): Promise<{ readonly id: string }[]>;
}
