// /flow_runs/history, /task_runs/history and /flow_runs/lateness: aggregates for dashboards.
import { z } from 'zod';
import { FlowRunsHistoryBody, FlowRunsLatenessBody, HistoryResponse, TaskRunsHistoryBody } from '@prefect-server-ts/schemas';
import { addSeconds, type Database, type HistoryBucketState, type RunFilters, type Timestamp } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import type { RouteDeclarer } from '../http/route.ts';

/** Prefect caps a history at 500 intervals. */
const MAX_INTERVALS = 500;


async function history(
  database: Database,
  kind: 'flow_run' | 'task_run',
  start: Timestamp,
  end: Timestamp,
  intervalSeconds: number,
  filters: RunFilters,
) {
  const elapsed = (Date.parse(end) - Date.parse(start)) / 1000;
  const count = elapsed > 0 ? Math.min(Math.ceil(elapsed / intervalSeconds), MAX_INTERVALS) : 0;
  if (count === 0) return [];
  const rows = await database.repositories.runHistory.history(kind, filters, start, intervalSeconds, count);
  const byBucket = new Map<number, HistoryBucketState[]>();
  for (const row of rows) byBucket.set(row.bucket_index, [...(byBucket.get(row.bucket_index) ?? []), row]);
  return Array.from({ length: count }, (_, i) => ({
    interval_start: addSeconds(start, i * intervalSeconds),
    interval_end: addSeconds(start, (i + 1) * intervalSeconds),
    states: (byBucket.get(i) ?? []).map(({ bucket_index: _index, ...state }) => state),
  }));
}

export function runHistoryRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  route(
    { method: 'post', path: '/flow_runs/history', summary: 'Flow Run History', tags: ['Flow Runs'], body: FlowRunsHistoryBody, response: { status: 200, schema: z.array(HistoryResponse) } },
    async ({ body: { history_start, history_end, history_interval_seconds, work_queues: _queues, ...filters }, res }) => {
      res.json(await history(database, 'flow_run', history_start, history_end, history_interval_seconds, filters));
    },
  );
  route(
    { method: 'post', path: '/task_runs/history', summary: 'Task Run History', tags: ['Task Runs'], body: TaskRunsHistoryBody, response: { status: 200, schema: z.array(HistoryResponse) } },
    async ({ body: { history_start, history_end, history_interval_seconds, ...filters }, res }) => {
      res.json(await history(database, 'task_run', history_start, history_end, history_interval_seconds, filters));
    },
  );
  route(
    { method: 'post', path: '/flow_runs/lateness', summary: 'Average Flow Run Lateness', tags: ['Flow Runs'], body: FlowRunsLatenessBody, response: { status: 200, schema: z.number().nullable() } },
    async ({ body: { work_pool_queues: _queues, ...filters }, res }) => {
      res.json(await database.repositories.runHistory.averageLateness(filters));
    },
  );
}
