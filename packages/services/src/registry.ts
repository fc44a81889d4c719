// Every background service this server runs, in start order. The scheduler and the foreman
// join this list once deployments and work pools have repositories.
import { CancellationCleanup } from './cancellation-cleanup.ts';
import { MarkLateRuns } from './late-runs.ts';
import { FailExpiredPauses } from './pause-expirations.ts';
import type { ServiceDefinition } from './service.ts';

export const SERVICES: readonly ServiceDefinition[] = [MarkLateRuns, FailExpiredPauses, CancellationCleanup];
