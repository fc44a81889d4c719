// The Executor over better-sqlite3. Slonik tokens carry `$slonik_N` placeholders, which
// SQLite reads as named parameters, so the same `sql` tag serves both dialects unchanged.
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { ForeignKeyViolationError, UniqueViolationError } from '../port/errors.ts';
import type { Executor, Query, Row } from '../sql/executor.ts';
import type { SqliteConnections } from './connection.ts';
import { LocalNotifications, type PendingNotification } from './notifications.ts';

type Bindings = Record<string, string | number | bigint | Buffer | null>;

function bindings(query: Query): Bindings {
  const out: Bindings = {};
  query.values.forEach((value, index) => {
    const v = value as unknown;
    out[`slonik_${index + 1}`] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as Bindings[string]);
  });
  return out;
}

export function translateSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new UniqueViolationError((error as Error).message);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ForeignKeyViolationError((error as Error).message);
  // An ON DELETE RESTRICT foreign key fails through SQLite's trigger machinery.
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && (error as Error).message === 'FOREIGN KEY constraint failed') {
    return new ForeignKeyViolationError((error as Error).message);
  }
  return error;
}

const statementCache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function prepare(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

function run(db: BetterSqlite3.Database, query: Query): { rows: Row[]; changes: number } {
  try {
    const statement = prepare(db, query.sql);
    if (statement.reader) return { rows: statement.all(bindings(query)) as Row[], changes: 0 };
    return { rows: [], changes: statement.run(bindings(query)).changes };
  } catch (error) {
    throw translateSqliteError(error);
  }
}

/** Marks the async context of an open transaction, to catch a deadlock before it happens. */
const openTransaction = new AsyncLocalStorage<SqliteConnections>();

function assertNotInsideTransaction(connections: SqliteConnections): void {
  if (openTransaction.getStore() === connections) {
    throw new Error(
      'A SQLite transaction is open in this context: use the repositories passed to the transaction callback, ' +
        'not the root repositories, or the write would wait for the lock its own transaction holds.',
    );
  }
}

function executorFrom(
  execute: (query: Query) => Promise<{ rows: Row[]; changes: number }>,
  transaction: Executor['transaction'],
  notify: Executor['notify'],
  lockRows: boolean,
  inTransaction: boolean,
): Executor {
  return {
    lockRows,
    inTransaction,
    rows: async (query) => (await execute(query)).rows,
    maybeRow: async (query) => (await execute(query)).rows[0] ?? null,
    execute: async (query) => (await execute(query)).changes,
    transaction,
    notify,
  };
}

/**
 * Inside a transaction: every statement runs on the writer, which the transaction holds.
 * Notifications wait in `pending` for the commit; a savepoint keeps its own, handed up on
 * release and dropped on rollback.
 */
function transactionExecutor(connections: SqliteConnections, depth: number, lockRows: boolean, pending: PendingNotification[]): Executor {
  const { writer } = connections;
  return executorFrom(
    async (query) => run(writer, query),
    async (fn) => {
      const savepoint = `sp_${depth + 1}`;
      const inner: PendingNotification[] = [];
      writer.exec(`SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(transactionExecutor(connections, depth + 1, lockRows, inner));
        writer.exec(`RELEASE ${savepoint}`);
        pending.push(...inner);
        return result;
      } catch (error) {
        writer.exec(`ROLLBACK TO ${savepoint}`);
        writer.exec(`RELEASE ${savepoint}`);
        throw error;
      }
    },
    async (channel, payload) => {
      pending.push({ channel, payload });
    },
    lockRows,
    true,
  );
}

export async function beginTransaction<T>(
  connections: SqliteConnections,
  fn: (executor: Executor) => Promise<T>,
  lockRows: boolean,
  notifications: LocalNotifications = new LocalNotifications(),
): Promise<T> {
  assertNotInsideTransaction(connections);
  const { writer } = connections;
  const pending: PendingNotification[] = [];
  const result = await connections.mutex.run(() =>
    openTransaction.run(connections, async () => {
      // IMMEDIATE takes the write lock now (waiting up to busy_timeout for other
      // processes), so the transaction can never fail later trying to upgrade a read lock.
      writer.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(transactionExecutor(connections, 0, lockRows, pending));
        writer.exec('COMMIT');
        return value;
      } catch (error) {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        throw error;
      }
    }),
  );
  // Published outside the transaction's context, so that a listener reading the rows it
  // announces is not taken for a statement of the transaction itself.
  for (const { channel, payload } of pending) notifications.publish(channel, payload);
  return result;
}

/**
 * Outside transactions: reads go to the reader connection at once; writes queue on the
 * mutex and run as their own IMMEDIATE transaction. On :memory: everything queues.
 */
export function rootExecutor(connections: SqliteConnections, notifications: LocalNotifications = new LocalNotifications()): Executor {
  const { reader, writer, memory, mutex } = connections;
  return executorFrom(
    async (query) => {
      assertNotInsideTransaction(connections);
      if (!memory && prepare(reader, query.sql).readonly) return run(reader, query);
      return mutex.run(() => {
        if (prepare(writer, query.sql).readonly) return run(writer, query);
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = run(writer, query);
          writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
      });
    },
    (fn) => beginTransaction(connections, fn, false, notifications),
    // Statements outside a transaction commit as they run: nothing to wait for.
    async (channel, payload) => notifications.publish(channel, payload),
    false,
    false,
  );
}
