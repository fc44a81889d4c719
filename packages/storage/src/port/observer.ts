// What the storage layer tells whoever watches it (the metrics of the API and services
// processes): how long named queries and repository calls take, and when the database
// could not be reached. Plain callbacks, so that storage depends on no metrics library.

export interface StorageObserver {
  /** A statement from a named SQL file (sql/<dialect>/<name>.sql) settled, successfully or not. */
  namedQuery(name: string, seconds: number): void;
  /** A repository method settled: `repository` is its key in Repositories (`flowRuns`). */
  repositoryCall(repository: string, method: string, seconds: number): void;
  /**
   * The adapter found the database unreachable: a pool that could not connect, a failed
   * connect check, or a query that lost its connection. Once per failure, however many
   * callers it reached.
   */
  connectionError(): void;
}
