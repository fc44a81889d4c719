// Request bodies of the POST .../filter, /count, /paginate and /history endpoints. Bodies
// with a `limit` come from factories taking the server's configured default limit.
import { z } from 'zod';
import { DateTime, orDefault } from '../common.ts';
import { FlowRunSort, FlowSort, LogSort, TaskRunSort, VariableSort } from '../sorting.ts';
import { DeploymentFilter } from './deployments.ts';
import { FlowRunFilter } from './flow-runs.ts';
import { FlowFilter } from './flows.ts';
import { LogFilter } from './logs.ts';
import { TaskRunFilter } from './task-runs.ts';
import { VariableFilter } from './variables.ts';
import { WorkPoolFilter } from './work-pools.ts';
import { WorkQueueFilter } from './work-queues.ts';

/** PREFECT_SERVER_API_DEFAULT_LIMIT's default: the default page size, and its maximum. */
export const DEFAULT_API_LIMIT = 200;

/**
 * Issues carrying `params.httpDetail` are ones Prefect raises as HTTPException(422, detail),
 * answering `{"detail": message}` rather than a validation error body.
 */
function httpDetailIssue(ctx: z.RefinementCtx, input: unknown, message: string): void {
  ctx.issues.push({ code: 'custom', message, input, params: { httpDetail: true } });
}

/** `limit`: null or absent means defaultLimit; it must lie in 0..defaultLimit. */
export function limitSchema(defaultLimit: number) {
  return z
    .int()
    .nullish()
    .transform((value, ctx) => {
      const limit = value ?? defaultLimit;
      if (limit < 0) {
        httpDetailIssue(ctx, value, 'Invalid limit: must be greater than or equal to 0.');
        return z.NEVER;
      }
      if (limit > defaultLimit) {
        httpDetailIssue(ctx, value, `Invalid limit: must be less than or equal to ${defaultLimit}.`);
        return z.NEVER;
      }
      return limit;
    })
    .meta({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT if not provided.' });
}

const offset = () => orDefault(z.int().min(0), 0);
const page = () => orDefault(z.int().min(1), 1);
const optionalFilter = <T extends z.ZodType>(filter: T) => filter.nullable().default(null);

const flowScope = () => ({
  flows: optionalFilter(FlowFilter),
  flow_runs: optionalFilter(FlowRunFilter),
  task_runs: optionalFilter(TaskRunFilter),
  deployments: optionalFilter(DeploymentFilter),
  work_pools: optionalFilter(WorkPoolFilter),
});
const flowRunScope = () => ({ ...flowScope(), work_pool_queues: optionalFilter(WorkQueueFilter) });
const taskRunScope = () => ({
  flows: optionalFilter(FlowFilter),
  flow_runs: optionalFilter(FlowRunFilter),
  task_runs: optionalFilter(TaskRunFilter),
  deployments: optionalFilter(DeploymentFilter),
});

export const flowsFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({ offset: offset(), ...flowScope(), sort: orDefault(FlowSort, 'NAME_ASC'), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_flows_flows_filter_post' });

export const FlowsCountBody = z.object(flowScope()).meta({ title: 'Body_count_flows_flows_count_post' });

export const flowsPaginateBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({ page: page(), ...flowScope(), sort: orDefault(FlowSort, 'NAME_ASC'), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_paginate_flows_flows_paginate_post' });

export const flowRunsFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({ sort: orDefault(FlowRunSort, 'ID_DESC'), offset: offset(), ...flowRunScope(), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_flow_runs_flow_runs_filter_post' });

export const FlowRunsCountBody = z.object(flowRunScope()).meta({ title: 'Body_count_flow_runs_flow_runs_count_post' });

export const flowRunsPaginateBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({ sort: orDefault(FlowRunSort, 'ID_DESC'), page: page(), ...flowRunScope(), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_paginate_flow_runs_flow_runs_paginate_post' });

export const FlowRunsHistoryBody = z
  .object({
    history_start: DateTime,
    history_end: DateTime,
    history_interval_seconds: z
      .number()
      .meta({ format: 'time-delta', description: 'The size of each history interval, in seconds. Must be at least 1 second.' })
      .superRefine((seconds, ctx) => {
        if (seconds < 1) httpDetailIssue(ctx, seconds, 'History interval must not be less than 1 second.');
      }),
    ...flowScope(),
    work_queues: optionalFilter(WorkQueueFilter),
  })
  .meta({ title: 'Body_flow_run_history_flow_runs_history_post' });

export const TaskRunsHistoryBody = FlowRunsHistoryBody.omit({ work_pools: true, work_queues: true })
  .meta({ title: 'Body_task_run_history_task_runs_history_post' });

export const FlowRunsLatenessBody = z.object(flowRunScope()).meta({ title: 'Body_average_flow_run_lateness_flow_runs_lateness_post' });

export const taskRunsFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({ sort: orDefault(TaskRunSort, 'ID_DESC'), offset: offset(), ...taskRunScope(), limit: limitSchema(defaultLimit) })
    .meta({ title: 'Body_read_task_runs_task_runs_filter_post' });

export const TaskRunsCountBody = z.object(taskRunScope()).meta({ title: 'Body_count_task_runs_task_runs_count_post' });

export const logsFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({
      offset: offset(),
      logs: optionalFilter(LogFilter),
      sort: orDefault(LogSort, 'TIMESTAMP_ASC'),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_read_logs_logs_filter_post' });

export const variablesFilterBody = (defaultLimit = DEFAULT_API_LIMIT) =>
  z
    .object({
      offset: offset(),
      variables: optionalFilter(VariableFilter),
      sort: orDefault(VariableSort, 'NAME_ASC'),
      limit: limitSchema(defaultLimit),
    })
    .meta({ title: 'Body_read_variables_variables_filter_post' });

export const VariablesCountBody = z
  .object({ variables: optionalFilter(VariableFilter) })
  .meta({ title: 'Body_count_variables_variables_count_post' });

export type FlowsFilterBody = z.output<ReturnType<typeof flowsFilterBody>>;
export type FlowsCountBody = z.output<typeof FlowsCountBody>;
export type FlowsPaginateBody = z.output<ReturnType<typeof flowsPaginateBody>>;
export type FlowRunsFilterBody = z.output<ReturnType<typeof flowRunsFilterBody>>;
export type FlowRunsCountBody = z.output<typeof FlowRunsCountBody>;
export type FlowRunsPaginateBody = z.output<ReturnType<typeof flowRunsPaginateBody>>;
export type FlowRunsHistoryBody = z.output<typeof FlowRunsHistoryBody>;
export type TaskRunsFilterBody = z.output<ReturnType<typeof taskRunsFilterBody>>;
export type TaskRunsCountBody = z.output<typeof TaskRunsCountBody>;
export type LogsFilterBody = z.output<ReturnType<typeof logsFilterBody>>;
export type VariablesFilterBody = z.output<ReturnType<typeof variablesFilterBody>>;
export type VariablesCountBody = z.output<typeof VariablesCountBody>;
