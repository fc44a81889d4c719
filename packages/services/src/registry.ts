// Every background service this server runs, in start order.
import { CancellationCleanup } from './cancellation-cleanup.ts';
import { Foreman } from './foreman.ts';
import { MarkLateRuns } from './late-runs.ts';
import { FailExpiredPauses } from './pause-expirations.ts';
import { Repossessor } from './repossessor.ts';
import { RecentDeploymentsScheduler, Scheduler } from './scheduler.ts';
import type { ServiceDefinition } from './service.ts';

export const SERVICES: readonly ServiceDefinition[] = [Scheduler, RecentDeploymentsScheduler, MarkLateRuns, FailExpiredPauses, CancellationCleanup, Foreman, Repossessor];
