// All repositories over one executor: the pool, or one transaction.
import type { Repositories } from '../port/database.ts';
import type { SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { configurationRepository } from './configuration.ts';
import { csrfTokensRepository } from './csrf-tokens.ts';
import { deploymentSchedulesRepository } from './deployment-schedules.ts';
import { deploymentsRepository } from './deployments.ts';
import { eventsRepository } from './events.ts';
import { flowRunInputsRepository } from './flow-run-inputs.ts';
import { flowRunsRepository } from './flow-runs.ts';
import { flowsRepository } from './flows.ts';
import { logsRepository } from './logs.ts';
import { runHistoryRepository } from './run-history.ts';
import { scheduledRunsRepository } from './scheduled-runs.ts';
import { taskRunStateCacheRepository } from './task-run-state-cache.ts';
import { taskRunsRepository } from './task-runs.ts';
import { variablesRepository } from './variables.ts';
import { workPoolsRepository } from './work-pools.ts';
import { workQueuesRepository } from './work-queues.ts';
import { workersRepository } from './workers.ts';
import { concurrencyLeasesRepository } from './concurrency-leases.ts';
import { concurrencyLimitsV2Repository } from './concurrency-limits-v2.ts';

export function repositories(executor: Executor, dialect: SqlDialect): Repositories {
  return {
    flows: flowsRepository(executor, dialect),
    flowRuns: flowRunsRepository(executor, dialect),
    flowRunInputs: flowRunInputsRepository(executor, dialect),
    taskRuns: taskRunsRepository(executor, dialect),
    taskRunStateCache: taskRunStateCacheRepository(executor, dialect),
    logs: logsRepository(executor, dialect),
    variables: variablesRepository(executor, dialect),
    csrfTokens: csrfTokensRepository(executor, dialect),
    events: eventsRepository(executor, dialect),
    runHistory: runHistoryRepository(executor, dialect),
    scheduledRuns: scheduledRunsRepository(executor, dialect),
    configuration: configurationRepository(executor, dialect),
    workPools: workPoolsRepository(executor, dialect),
    workQueues: workQueuesRepository(executor, dialect),
    workers: workersRepository(executor, dialect),
    deployments: deploymentsRepository(executor, dialect),
    deploymentSchedules: deploymentSchedulesRepository(executor, dialect),
    concurrencyLimitsV2: concurrencyLimitsV2Repository(executor, dialect),
    concurrencyLeases: concurrencyLeasesRepository(executor, dialect),
  };
}
