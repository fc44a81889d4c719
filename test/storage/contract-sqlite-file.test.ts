// The storage contract suite on sqlite file: every repository behaviour, on a fresh database per test.
import { contractTest } from './contract/context.ts';
import { flowsContract } from './contract/flows.ts';
import { flowRunsContract } from './contract/flow-runs.ts';
import { logsContract } from './contract/logs.ts';
import { taskRunsContract } from './contract/task-runs.ts';
import { transactionsContract } from './contract/transactions.ts';
import { variablesContract } from './contract/variables.ts';

const test = contractTest('sqlite-file');
flowsContract(test);
flowRunsContract(test);
taskRunsContract(test);
logsContract(test);
variablesContract(test);
transactionsContract(test);
