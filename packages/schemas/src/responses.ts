// Aggregate responses: the paginate endpoints' pages and /flow_runs/history's intervals.
import { z } from 'zod';
import { DateTimeString } from './common.ts';
import { FlowRunResponse } from './flow-runs.ts';
import { Flow } from './flows.ts';
import { StateType } from './states.ts';

const paginationFields = { count: z.int(), limit: z.int(), pages: z.int(), page: z.int() };

export const FlowPaginationResponse = z
  .object({ results: z.array(Flow), ...paginationFields })
  .meta({ id: 'FlowPaginationResponse' });
export type FlowPaginationResponse = z.output<typeof FlowPaginationResponse>;

export const FlowRunPaginationResponse = z
  .object({ results: z.array(FlowRunResponse), ...paginationFields })
  .meta({ id: 'FlowRunPaginationResponse' });
export type FlowRunPaginationResponse = z.output<typeof FlowRunPaginationResponse>;

/** Page arithmetic as Prefect's paginate endpoints do it: pages = ceil(count / limit). */
export function paginationPage<T>(results: T[], count: number, limit: number, page: number) {
  return { results, count, limit, pages: limit > 0 ? Math.ceil(count / limit) : 0, page };
}

export const HistoryResponseState = z
  .object({
    state_type: StateType,
    state_name: z.string(),
    count_runs: z.int(),
    sum_estimated_run_time: z.number(),
    sum_estimated_lateness: z.number(),
  })
  .meta({ id: 'HistoryResponseState', description: 'Represents a single state\'s history over an interval.' });
export type HistoryResponseState = z.output<typeof HistoryResponseState>;

export const HistoryResponse = z
  .object({
    interval_start: DateTimeString,
    interval_end: DateTimeString,
    states: z.array(HistoryResponseState),
  })
  .meta({ id: 'HistoryResponse', description: 'Represents a history of aggregation states over an interval' });
export type HistoryResponse = z.output<typeof HistoryResponse>;
