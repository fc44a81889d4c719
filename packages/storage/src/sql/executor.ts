// What the shared repositories need from a connection: run a slonik query token, and
// nest a transaction. Each dialect adapter provides one for its pool and one per transaction.
import type { QuerySqlToken } from 'slonik';
import type { NotificationChannel } from '../port/notifications.ts';

export type Row = Record<string, unknown>;
export type Query = QuerySqlToken;

export interface Executor {
  rows(query: Query): Promise<Row[]>;
  maybeRow(query: Query): Promise<Row | null>;
  /** Runs a statement and returns the number of rows it touched. */
  execute(query: Query): Promise<number>;
  /** A transaction, or a savepoint when this executor is already inside one. */
  transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T>;
  /**
   * Publishes `payload` to the database's listeners on `channel`, once the enclosing
   * transaction (if any) commits; nothing is published if it rolls back.
   */
  notify(channel: NotificationChannel, payload: string): Promise<void>;
  /** Whether run reads through this executor lock their rows (a forUpdate transaction). */
  readonly lockRows: boolean;
  /** Whether this executor runs inside a transaction (so its statements commit together). */
  readonly inTransaction: boolean;
}

/**
 * Runs `fn` so that its statements commit or roll back together: in the enclosing transaction
 * when there is one, else in a new one. Unlike a nested transaction() it sets no savepoint,
 * which costs two round trips on Postgres; so an error in `fn` must abort the caller's
 * transaction too, which is what every caller that does not catch it wants.
 */
export function atomic<T>(db: Executor, fn: (executor: Executor) => Promise<T>): Promise<T> {
  return db.inTransaction ? fn(db) : db.transaction(fn);
}
