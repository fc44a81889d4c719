// Notifications between every process that shares a database: what one process publishes
// after a write, the others hear. On Postgres they travel as NOTIFY on a channel that every
// listener LISTENs to; on SQLite (one node) they stay in the process.

/** The channels the server publishes on. */
export const NOTIFICATION_CHANNELS = {
  /** Comma-separated ids of events just stored. */
  events: 'prefect_server_ts_events',
  /** Comma-separated ids of logs just stored. */
  logs: 'prefect_server_ts_logs',
} as const;

export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[keyof typeof NOTIFICATION_CHANNELS];

/**
 * A payload must stay under Postgres's NOTIFY limit (8000 bytes): publish identifiers and let
 * listeners read the rows, rather than the rows themselves.
 */
export const MAX_NOTIFICATION_BYTES = 7_999;

export interface NotificationHandlers {
  /** A payload published on the channel, heard once the publishing transaction committed. */
  readonly message: (payload: string) => void;
  /**
   * The listening connection was lost: whatever is published until it is back is not heard.
   * It reconnects by itself; `resumed` is called once it listens again.
   */
  readonly interrupted?: (error: Error) => void;
  readonly resumed?: () => void;
}

export interface NotificationSubscription {
  /** Stops delivering to these handlers. */
  close(): Promise<void>;
}
