// Public surface of the services package: the background services, their loop runner, and
// Prefect's schedule arithmetic.
export { startServices, type RunningServices } from './runner.ts';
export { startLoop, type LoopedService, type RunningLoop, type TickObserver, type TickOutcome } from './loop.ts';
export { SERVICES } from './registry.ts';
export type { ServiceContext, ServiceDefinition, TickReport } from './service.ts';
export * as lateRuns from './late-runs.ts';
export * as pauseExpirations from './pause-expirations.ts';
export * as cancellationCleanup from './cancellation-cleanup.ts';
export * as scheduler from './scheduler.ts';
export * as foreman from './foreman.ts';
export * as repossessor from './repossessor.ts';
export { scheduleDates, MAX_ITERATIONS, type CronSchedule, type DateWindow, type IntervalSchedule, type RRuleSchedule, type Schedule, type ScheduledDate } from './schedules/index.ts';
export type { Coordinator, PeriodicTask, RunningCoordinator } from './coordination/coordinator.ts';
export { inProcessCoordinator } from './coordination/in-process.ts';
