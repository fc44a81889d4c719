// All repositories over an observed executor, each method timed under its repository's key
// and its own name (`flowRuns`, `read`) while anyone is watching.
import type { Repositories } from '../port/database.ts';
import { repositories } from '../repositories/index.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { observedExecutor } from './executor.ts';
import type { StorageObservers } from './observers.ts';

type Method = (...args: unknown[]) => Promise<unknown>;

function timed(repository: string, method: string, call: Method, observers: StorageObservers): Method {
  return (...args) => {
    if (!observers.active) return call(...args);
    const started = performance.now();
    return call(...args).finally(() => observers.repositoryCall(repository, method, (performance.now() - started) / 1000));
  };
}

export function observedRepositories(executor: Executor, dialect: SqlDialect, observers: StorageObservers): Repositories {
  const plain = repositories(observedExecutor(executor, observers), dialect);
  const entries = Object.entries(plain).map(([repository, methods]) => [
    repository,
    Object.fromEntries(Object.entries(methods as Record<string, Method>).map(([method, call]) => [method, timed(repository, method, call, observers)])),
  ]);
  return Object.fromEntries(entries) as unknown as Repositories;
}
