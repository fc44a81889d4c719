// Public surface of the storage package: the port, and the factory that picks an adapter.
export { getDatabase, type OpenDatabaseOptions } from './database.ts';
export type * from './port/database.ts';
export type * from './port/flows.ts';
export type * from './port/flow-runs.ts';
export type * from './port/task-runs.ts';
export type * from './port/task-run-state-cache.ts';
export type * from './port/logs.ts';
export type * from './port/variables.ts';
export type * from './port/csrf-tokens.ts';
export type * from './port/events.ts';
export type * from './port/run-history.ts';
export type * from './port/configuration.ts';
export type * from './port/states.ts';
export type * from './port/filters.ts';
export { STATE_TYPES } from './port/states.ts';
export { DatabaseUnavailableError, ForeignKeyViolationError, MigrationError, UniqueViolationError } from './port/errors.ts';
export { compareVersions } from './versions.ts';
export { addSeconds, canonicalTimestamp, nowTimestamp, secondsBetween, timestampFromDate, type Timestamp } from './timestamps.ts';
