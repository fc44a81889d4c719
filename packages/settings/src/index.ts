// Public surface of the settings package.
export { loadSettings, DEFAULT_SQLITE_FILE, type Settings, type DatabaseSettings, type ApiSettings, type EventsSettings, type LogsSettings, type Env } from './settings.ts';
export type { ServicesSettings, LoopServiceSettings, SchedulerSettings, LateRunsSettings, CancellationCleanupSettings, ForemanSettings } from './services.ts';
export type { RepossessorSettings } from './services.ts';
export type { ConcurrencySettings, SlotDecaySettings } from './concurrency.ts';
export { parseDatabaseUrl, describeDatabaseUrl, type DatabaseUrl, type PostgresUrl, type SqliteUrl } from './database-url.ts';
export { SettingsError, redactPassword } from './settings-error.ts';
export type { MetricsSettings } from './metrics.ts';
