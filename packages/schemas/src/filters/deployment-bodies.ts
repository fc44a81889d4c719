// Request bodies of /deployments/filter, /count, /paginate and /get_scheduled_flow_runs.
import { z } from 'zod';
import { DateTime, orDefault, Uuid } from '../common.ts';
import { DeploymentSort } from '../sorting.ts';
import { DEFAULT_API_LIMIT, limitSchema } from './bodies.ts';
import { DeploymentFilter } from './deployments.ts';
import { FlowRunFilter } from './flow-runs.ts';
import { FlowFilter } from './flows.ts';
import { TaskRunFilter } from './task-runs.ts';
import { WorkPoolFilter } from './work-pools.ts';
import { WorkQueueFilter } from './work-queues.ts';

const optionalFilter = <T extends z.ZodType>(filter: T) => filter.nullable().default(null);

const deploymentScope = () => ({
  flows: optionalFilter(FlowFilter),
  flow_runs: optionalFilter(FlowRunFilter),
  task_runs: optionalFilter(TaskRunFilter),
  deployments: optionalFilter(DeploymentFilter),
  work_pools: optionalFilter(WorkPoolFilter),
  work_pool_queues: optionalFilter(WorkQueueFilter),
});

export const deploymentsFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({
      offset: orDefault(z.int().min(0), 0),
      ...deploymentScope(),
      sort: orDefault(DeploymentSort, 'NAME_ASC'),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_read_deployments_deployments_filter_post' });

export const DeploymentsCountBody = z.object(deploymentScope()).meta({ title: 'Body_count_deployments_deployments_count_post' });

export const deploymentsPaginateBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({
      page: orDefault(z.int().min(1), 1),
      ...deploymentScope(),
      sort: orDefault(DeploymentSort, 'NAME_ASC'),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_paginate_deployments_deployments_paginate_post' });

export const deploymentScheduledFlowRunsBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({
      deployment_ids: z.array(Uuid).meta({ description: 'The deployment IDs to get scheduled runs for' }),
      scheduled_before: DateTime.nullish().meta({ description: 'The maximum time to look for scheduled flow runs' }),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_get_scheduled_flow_runs_for_deployments_deployments_get_scheduled_flow_runs_post' });

export type DeploymentsFilterBody = z.output<ReturnType<typeof deploymentsFilterBody>>;
export type DeploymentsCountBody = z.output<typeof DeploymentsCountBody>;
