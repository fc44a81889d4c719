// CSRF tokens: one per client, replaced on each request for a new one.
import type { Timestamp } from '../timestamps.ts';

export interface CsrfTokenRecord {
  readonly id: string;
  readonly created: Timestamp;
  readonly updated: Timestamp;
  readonly token: string;
  readonly client: string;
  readonly expiration: Timestamp;
}

export interface CsrfTokensRepository {
  /** Creates the client's token, or replaces it (with a new expiration) when one exists. */
  upsert(client: string, token: string, expiration: Timestamp): Promise<CsrfTokenRecord>;
  /** The client's token when it has not expired at `now`. */
  readValid(client: string, now: Timestamp): Promise<CsrfTokenRecord | null>;
  deleteExpired(now: Timestamp): Promise<number>;
}
