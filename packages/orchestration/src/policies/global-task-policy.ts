// GlobalTaskPolicy: bookkeeping on every task run transition, innermost. Prefect's order.
import type { TaskRunContext } from '../context.ts';
import type { Policy } from '../engine.ts';
import { IncrementTaskRunCount } from '../rules/increment-task-run-count.ts';
import { COMMON_GLOBAL_TRANSFORMS } from './common-global-transforms.ts';

export const GlobalTaskPolicy: Policy<TaskRunContext> = [...COMMON_GLOBAL_TRANSFORMS, IncrementTaskRunCount];
