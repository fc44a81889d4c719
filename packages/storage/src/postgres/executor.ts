// The Executor over a slonik pool or transaction, translating driver errors into the port's.
import {
  ConnectionError,
  BackendTerminatedError,
  BackendTerminatedUnexpectedlyError,
  ForeignKeyIntegrityConstraintViolationError,
  UniqueIntegrityConstraintViolationError,
  sql,
  type CommonQueryMethods,
} from 'slonik';
import { DatabaseUnavailableError, ForeignKeyViolationError, UniqueViolationError } from '../port/errors.ts';
import type { Executor, Query, Row } from '../sql/executor.ts';

export function translatePostgresError(error: unknown): unknown {
  if (error instanceof UniqueIntegrityConstraintViolationError) {
    return new UniqueViolationError(error.message, error.constraint ?? undefined);
  }
  if (error instanceof ForeignKeyIntegrityConstraintViolationError) {
    return new ForeignKeyViolationError(error.message);
  }
  if (
    error instanceof ConnectionError ||
    error instanceof BackendTerminatedError ||
    error instanceof BackendTerminatedUnexpectedlyError
  ) {
    return new DatabaseUnavailableError(error.message, { cause: error });
  }
  return error;
}

async function translated<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translatePostgresError(error);
  }
}

/** An executor that waits for the pool on each call: the pool is created on first use. */
export function lazyExecutor(getPool: () => Promise<CommonQueryMethods>): Executor {
  const withPool = async <T>(fn: (executor: Executor) => Promise<T>) => fn(postgresExecutor(await translated(getPool())));
  return {
    lockRows: false,
    inTransaction: false,
    rows: (query) => withPool((e) => e.rows(query)),
    maybeRow: (query) => withPool((e) => e.maybeRow(query)),
    execute: (query) => withPool((e) => e.execute(query)),
    transaction: (fn) => withPool((e) => e.transaction(fn)),
    notify: (channel, payload) => withPool((e) => e.notify(channel, payload)),
  };
}

export function postgresExecutor(connection: CommonQueryMethods, lockRows = false, inTransaction = false): Executor {
  return {
    lockRows,
    inTransaction,
    rows: async (query: Query) => [...(await translated(connection.any(query)))] as Row[],
    maybeRow: async (query: Query) => ((await translated(connection.maybeOne(query))) as Row | null) ?? null,
    execute: async (query: Query) => (await translated(connection.query(query))).rowCount,
    transaction: (fn) => translated(connection.transaction((tx) => fn(postgresExecutor(tx, lockRows, true)))),
    // Postgres itself holds a NOTIFY made in a transaction until it commits.
    notify: async (channel, payload) => {
      await translated(connection.query(sql.unsafe`SELECT pg_notify(${channel}, ${payload})`));
    },
  };
}
