// The task run state cache: which completed state a cache key resolves to, until it expires.
import type { Timestamp } from '../timestamps.ts';
import type { StateRecord } from './states.ts';

export interface TaskRunStateCacheRepository {
  /** Records that `cacheKey` resolves to the task run state `stateId` until `expiration` (null: forever). */
  insert(cacheKey: string, expiration: Timestamp | null, stateId: string): Promise<void>;
  /** The newest state cached under `cacheKey` that has not expired at `now`, or null. */
  read(cacheKey: string, now: Timestamp): Promise<StateRecord | null>;
}
