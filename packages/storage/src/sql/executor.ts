// What the shared repositories need from a connection: run a slonik query token, and
// nest a transaction. Each dialect adapter provides one for its pool and one per transaction.
import type { QuerySqlToken } from 'slonik';

export type Row = Record<string, unknown>;
export type Query = QuerySqlToken;

export interface Executor {
  rows(query: Query): Promise<Row[]>;
  maybeRow(query: Query): Promise<Row | null>;
  /** Runs a statement and returns the number of rows it touched. */
  execute(query: Query): Promise<number>;
  /** A transaction, or a savepoint when this executor is already inside one. */
  transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T>;
  /** Whether run reads through this executor lock their rows (a forUpdate transaction). */
  readonly lockRows: boolean;
}
