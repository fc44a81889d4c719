// The observers of one Database. The adapters report to this set, which forwards to every
// observer added; with none added, callers skip their timing altogether.
import type { StorageObserver } from '../port/observer.ts';
import { DatabaseUnavailableError } from '../port/errors.ts';

export interface StorageObservers extends StorageObserver {
  /** Whether anyone is watching: timing is skipped when not. */
  readonly active: boolean;
  add(observer: StorageObserver): () => void;
  /** Reports `error` as a connection error when it is one, once per error however often it is rethrown. */
  failed(error: unknown): void;
}

export function storageObservers(): StorageObservers {
  const observers = new Set<StorageObserver>();
  const reported = new WeakSet<object>();
  const connectionError = () => {
    for (const observer of observers) observer.connectionError();
  };
  return {
    get active() {
      return observers.size > 0;
    },
    add: (observer) => {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    namedQuery: (name, seconds) => {
      for (const observer of observers) observer.namedQuery(name, seconds);
    },
    repositoryCall: (repository, method, seconds) => {
      for (const observer of observers) observer.repositoryCall(repository, method, seconds);
    },
    connectionError,
    failed: (error) => {
      if (!(error instanceof DatabaseUnavailableError) || reported.has(error)) return;
      reported.add(error);
      connectionError();
    },
  };
}
