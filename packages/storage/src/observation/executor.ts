// An Executor that times the statements of named SQL files and reports connection
// failures, around any dialect's executor; transactions it opens are observed too.
import type { Executor, Query } from '../sql/executor.ts';
import { namedQueryName } from '../sql/named-queries.ts';
import type { StorageObservers } from './observers.ts';

export function observedExecutor(inner: Executor, observers: StorageObservers): Executor {
  const observe = async <T>(query: Query | undefined, work: () => Promise<T>): Promise<T> => {
    const name = query && observers.active ? namedQueryName(query) : undefined;
    const started = name === undefined ? 0 : performance.now();
    try {
      return await work();
    } catch (error) {
      observers.failed(error);
      throw error;
    } finally {
      if (name !== undefined) observers.namedQuery(name, (performance.now() - started) / 1000);
    }
  };
  return {
    lockRows: inner.lockRows,
    inTransaction: inner.inTransaction,
    rows: (query) => observe(query, () => inner.rows(query)),
    maybeRow: (query) => observe(query, () => inner.maybeRow(query)),
    execute: (query) => observe(query, () => inner.execute(query)),
    transaction: (fn) => observe(undefined, () => inner.transaction((executor) => fn(observedExecutor(executor, observers)))),
    notify: (channel, payload) => observe(undefined, () => inner.notify(channel, payload)),
  };
}
