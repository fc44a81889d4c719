// The whole storage contract, registered for one dialect.
import type { TestDialect } from '../../helpers/databases.ts';
import { contractTest } from './context.ts';
import { concurrencyLeasesContract } from './concurrency-leases.ts';
import { concurrencyLimitsV2Contract } from './concurrency-limits-v2.ts';
import { flowRunInputsContract } from './flow-run-inputs.ts';
import { flowRunsContract } from './flow-runs.ts';
import { deploymentsContract } from './deployments.ts';
import { filtersContract } from './filters.ts';
import { flowsContract } from './flows.ts';
import { logsContract } from './logs.ts';
import { observationContract } from './observation.ts';
import { notificationsContract } from './notifications.ts';
import { runHistoryContract } from './run-history.ts';
import { sweepsContract } from './sweeps.ts';
import { eventsContract, recordedTaskRunsContract, taskRunStateCacheContract, taskRunsContract } from './task-runs.ts';
import { transactionsContract } from './transactions.ts';
import { csrfTokensContract, variablesContract } from './variables.ts';
import { workPoolsContract } from './work-pools.ts';

export function storageContract(dialect: TestDialect): void {
  const test = contractTest(dialect);
  flowsContract(test);
  flowRunsContract(test);
  flowRunInputsContract(test);
  filtersContract(test);
  taskRunsContract(test);
  taskRunStateCacheContract(test);
  recordedTaskRunsContract(test);
  eventsContract(test);
  logsContract(test);
  runHistoryContract(test);
  variablesContract(test);
  csrfTokensContract(test);
  transactionsContract(test);
  sweepsContract(test);
  workPoolsContract(test);
  deploymentsContract(test);
  concurrencyLimitsV2Contract(test);
  concurrencyLeasesContract(test);
  observationContract(test);
  notificationsContract(test);
}
